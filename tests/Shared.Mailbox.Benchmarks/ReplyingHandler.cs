namespace Shared.Mailbox.Benchmarks;

/// <summary>An instant replier: every request is answered with success at once (no lvextend).</summary>
internal sealed class ReplyingHandler : IMailboxRequestHandler
{
    public ManagerMailbox? Manager { get; set; }

    public async ValueTask OnRequestAsync(MailboxRequest request, CancellationToken cancellationToken) =>
        await Manager!.ReplyAsync(request, success: true, cancellationToken);

    public ValueTask OnRequestWithdrawnAsync(MailboxRequest request, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnChecksumErrorAsync(int hostId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
