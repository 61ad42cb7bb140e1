using Shared.Mailbox;

namespace Hsm.Agent.Extension;

/// <summary>Sends extend requests through the shared-storage mailbox (host role).</summary>
internal sealed class MailboxExtendRequestSender(HostMailbox mailbox) : IExtendRequestSender
{
    public Task<ExtendReply> SendAsync(ExtendMessage request, CancellationToken cancellationToken) =>
        mailbox.SendAsync(request, cancellationToken);

    public int InFlight => mailbox.InFlight;
}
