using Hsm.Agent.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Grpc;

/// <summary>Healthy when both mailbox files exist and can be opened (inbox read-write, outbox read).</summary>
internal sealed class MailboxHealthCheck(IOptions<AgentOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var agent = options.Value;
        try
        {
            using (File.OpenHandle(agent.InboxPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
            }

            using (File.OpenHandle(agent.OutboxPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
            }

            return Task.FromResult(HealthCheckResult.Healthy("mailbox files usable"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"mailbox not usable: {ex.Message}"));
        }
    }
}
