using Hsm.Agent.Libvirt;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hsm.Agent.Grpc;

/// <summary>Healthy while the libvirt connection is up; NOT_SERVING while the source reconnects.</summary>
internal sealed class LibvirtHealthCheck(LibvirtVmSource source) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(source.IsConnected
            ? HealthCheckResult.Healthy($"connected to {source.Uri}")
            : HealthCheckResult.Unhealthy($"not connected to {source.Uri}: {source.LastError ?? "connecting"}"));
}
