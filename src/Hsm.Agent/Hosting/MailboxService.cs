using Shared.Mailbox;

namespace Hsm.Agent.Hosting;

/// <summary>
/// Runs the mailbox host role for the host's life: starts it with the host (an unusable mailbox stops startup),
/// watches its loop (a loop that fails for good, or ends on its own, fails this service, and with the default
/// <see cref="BackgroundServiceExceptionBehavior.StopHost"/> the agent exits for its supervisor to restart it), and
/// stops it on shutdown, zeroing this host's block.
/// </summary>
internal sealed class MailboxService(HostMailbox mailbox) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await mailbox.StartAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await mailbox.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await mailbox.Completion.WaitAsync(stoppingToken);
        if (!stoppingToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"The mailbox host role of host {mailbox.HostId} ended while the agent was running.");
        }
    }
}
