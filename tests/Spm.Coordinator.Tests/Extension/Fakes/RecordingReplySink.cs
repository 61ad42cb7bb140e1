using Shared.Mailbox;
using Spm.Coordinator.Extension;

namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary>Records the replies the pipeline writes (from any thread: a VG's extensions run concurrently).</summary>
internal sealed class RecordingReplySink(Journal journal) : IReplySink
{
    public List<(MessageId Id, bool Success)> Replies { get; } = [];

    public ValueTask<bool> ReplyAsync(MailboxRequest request, bool success, CancellationToken cancellationToken)
    {
        lock (Replies)
        {
            Replies.Add((request.Id, success));
        }

        journal.Add(success ? "reply success" : "reply failure");
        return ValueTask.FromResult(true);
    }
}
