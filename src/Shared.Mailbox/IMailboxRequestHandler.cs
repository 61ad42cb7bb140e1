namespace Shared.Mailbox;

/// <summary>What the manager role calls; the coordinator implements it. Calls for one host arrive in order.</summary>
public interface IMailboxRequestHandler
{
    /// <summary>A new request appeared in a slot (Kind Extend or Unknown). Return quickly: queue the work.</summary>
    ValueTask OnRequestAsync(MailboxRequest request, CancellationToken cancellationToken);

    /// <summary>A request that had not been answered left its slot (host restarted / zeroed it). Drop queued work for it.</summary>
    ValueTask OnRequestWithdrawnAsync(MailboxRequest request, CancellationToken cancellationToken);

    /// <summary>A host block failed its checksum (after the quick re-read also failed).</summary>
    ValueTask OnChecksumErrorAsync(int hostId, CancellationToken cancellationToken);
}
