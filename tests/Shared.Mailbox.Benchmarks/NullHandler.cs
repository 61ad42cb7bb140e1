namespace Shared.Mailbox.Benchmarks;

/// <summary>A handler that does nothing (scans only).</summary>
internal sealed class NullHandler : IMailboxRequestHandler
{
    public ValueTask OnRequestAsync(MailboxRequest request, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnRequestWithdrawnAsync(MailboxRequest request, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnChecksumErrorAsync(int hostId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
