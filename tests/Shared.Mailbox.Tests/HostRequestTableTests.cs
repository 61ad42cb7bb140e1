using Microsoft.Extensions.Logging.Abstractions;
using Shared.Mailbox.Internal;
using Shared.Mailbox.Tests.Support;

namespace Shared.Mailbox.Tests;

/// <summary>The write times the reply poll schedule is driven by: per request, from its first write to its reply.</summary>
public sealed class HostRequestTableTests
{
    [Fact]
    public void NewestAwaitingWrite_IsTheLatestWrittenRequestAwaitingItsReply_AndAnAnsweredRequestReportsItsOwnWriteTime()
    {
        var table = new HostRequestTable(7, NullLogger.Instance);
        var block = new byte[MailboxLayout.BlockSize];
        Assert.Null(table.NewestAwaitingWrite());

        var first = MailboxRig.NewRequest(1024);
        table.Add(first, new TaskCompletionSource<ExtendReply>());
        Assert.True(table.AssignQueued());
        table.TakeOutgoing(block);
        Assert.Null(table.NewestAwaitingWrite()); // not written yet
        table.MarkWritten(100);

        var second = MailboxRig.NewRequest(2048);
        table.Add(second, new TaskCompletionSource<ExtendReply>());
        Assert.True(table.AssignQueued());
        table.TakeOutgoing(block);
        table.MarkWritten(200);
        Assert.Equal(200L, table.NewestAwaitingWrite());

        // The manager answers the second request (its slot 1 echoes the request: success).
        var replies = new byte[MailboxLayout.BlockSize];
        MailboxBlockCodec.GetSlot((ReadOnlySpan<byte>)block, 1).CopyTo(MailboxBlockCodec.GetSlot(replies.AsSpan(), 1));
        var answered = new List<long>();
        var completions = table.ProcessReplies(replies, answered.Add);

        Assert.NotNull(completions);
        Assert.True(Assert.Single(completions).Reply.Succeeded);
        Assert.Equal([200L], answered);
        Assert.Equal(100L, table.NewestAwaitingWrite());
    }
}
