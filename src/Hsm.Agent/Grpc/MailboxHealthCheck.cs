using Hsm.Agent.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Shared.Mailbox;

namespace Hsm.Agent.Grpc;

/// <summary>
/// Healthy when the inbox (read-write) and the outbox (read) open as the host role opens them (direct I/O), hold
/// this host's block and read; otherwise unhealthy naming each device and what is wrong (missing, too small,
/// unreadable, no direct I/O).
/// </summary>
internal sealed class MailboxHealthCheck(IOptions<AgentOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var agent = options.Value;
        var hostId = Math.Max(agent.HostId, 0);
        var why = $"host {agent.HostId}";
        var results = new[]
        {
            MailboxProbe.Check("inbox", agent.InboxPath, agent.MailboxIoMode, writable: true, hostId, why),
            MailboxProbe.Check("outbox", agent.OutboxPath, agent.MailboxIoMode, writable: false, hostId, why),
        };
        var problems = results.Where(r => !r.Usable).Select(r => r.Description).ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("mailbox files usable")
            : HealthCheckResult.Unhealthy($"mailbox not usable: {string.Join("; ", problems)}"));
    }
}
