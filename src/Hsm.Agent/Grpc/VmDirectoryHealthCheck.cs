using Hsm.Agent.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Grpc;

/// <summary>Healthy when the VM directory exists and can be listed.</summary>
internal sealed class VmDirectoryHealthCheck(IOptions<AgentOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = options.Value.VmDirectory;
        try
        {
            _ = Directory.EnumerateFileSystemEntries(directory).Take(1).Count();
            return Task.FromResult(HealthCheckResult.Healthy("VM directory readable"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"VM directory {directory} not readable: {ex.Message}"));
        }
    }
}
