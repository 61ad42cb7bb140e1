using System.Collections.Concurrent;

namespace Shared.Mailbox.Tests.Support;

/// <summary>
/// The coordinator's part in tests: records every call and replies through the manager (success, failure, or
/// nothing, as <see cref="Decide"/> says).
/// </summary>
public sealed class RecordingHandler : IMailboxRequestHandler
{
    /// <summary>true: success reply; false: failure reply; null: leave it unanswered.</summary>
    public Func<MailboxRequest, bool?> Decide { get; set; } = _ => true;

    public ManagerMailbox? Manager { get; set; }

    public ConcurrentQueue<MailboxRequest> Requests { get; } = new();

    public ConcurrentQueue<MailboxRequest> Withdrawn { get; } = new();

    public ConcurrentQueue<int> ChecksumErrors { get; } = new();

    public ConcurrentQueue<(MailboxRequest Request, bool Success, bool Written)> Replies { get; } = new();

    /// <summary>How many times each 64-byte payload was dispatched.</summary>
    public int CountOf(ExtendMessage message)
    {
        var bytes = new byte[64];
        MailboxCodec.EncodeExtend(message, bytes);
        return Requests.Count(r => r.Payload.Span.SequenceEqual(bytes));
    }

    public async ValueTask OnRequestAsync(MailboxRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        if (request.Kind != MailboxMessageKind.Extend || Decide(request) is not { } success)
        {
            return;
        }

        var manager = Manager ?? throw new InvalidOperationException("No manager set.");
        var written = await manager.ReplyAsync(request, success, cancellationToken);
        Replies.Enqueue((request, success, written));
    }

    public ValueTask OnRequestWithdrawnAsync(MailboxRequest request, CancellationToken cancellationToken)
    {
        Withdrawn.Enqueue(request);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnChecksumErrorAsync(int hostId, CancellationToken cancellationToken)
    {
        ChecksumErrors.Enqueue(hostId);
        return ValueTask.CompletedTask;
    }
}
