using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Shared.Mailbox;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// Healthy when the inbox (read) and the outbox (read-write) open as the manager role opens them (direct I/O),
/// hold blocks 0..MaxHosts and read; otherwise unhealthy naming each device and what is wrong (missing, too small,
/// unreadable, no direct I/O).
/// </summary>
internal sealed class MailboxHealthCheck : IHealthCheck
{
    private readonly IOptions<CoordinatorOptions> _options;

    public MailboxHealthCheck(IOptions<CoordinatorOptions> options)
    {
        _options = options;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var mailbox = _options.Value.Mailbox;
        var why = $"{mailbox.MaxHosts} hosts";
        var results = new[]
        {
            MailboxProbe.Check("inbox", mailbox.InboxPath, mailbox.IoMode, writable: false, mailbox.MaxHosts, why),
            MailboxProbe.Check("outbox", mailbox.OutboxPath, mailbox.IoMode, writable: true, mailbox.MaxHosts, why),
        };
        var problems = results.Where(r => !r.Usable).Select(r => r.Description).ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("the mailbox inbox and outbox are usable")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }
}
