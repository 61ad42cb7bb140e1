using Shared.Mailbox;

namespace Hsm.Agent.Extension;

/// <summary>Sends an extend request and completes with the coordinator's reply (the mailbox host role in production).</summary>
internal interface IExtendRequestSender
{
    /// <summary>Sends <paramref name="request"/>; completes when the reply arrives.</summary>
    Task<ExtendReply> SendAsync(ExtendMessage request, CancellationToken cancellationToken);

    /// <summary>Requests written and not answered yet.</summary>
    int InFlight { get; }
}
