using Shared.Mailbox;

namespace Hsm.Agent.Hosting;

/// <summary>Starts the mailbox host role with the host and stops it (zeroing this host's block) on shutdown.</summary>
internal sealed class MailboxService(HostMailbox mailbox) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => mailbox.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => mailbox.StopAsync(cancellationToken);
}
