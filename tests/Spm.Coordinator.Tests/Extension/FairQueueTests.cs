using Shared.Mailbox;
using Spm.Coordinator.Extension;

namespace Spm.Coordinator.Tests.Extension;

public sealed class FairQueueTests
{
    [Fact]
    public void TryDequeue_OneHostBacklog_OtherHostsTakeTurns()
    {
        var queue = new FairQueue<string>(4);
        for (var slot = 0; slot < 10; slot++)
        {
            Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(new MessageId(1, slot), $"a{slot}", 16));
        }

        queue.TryEnqueue(new MessageId(2, 0), "b0", 16);
        queue.TryEnqueue(new MessageId(3, 0), "c0", 16);

        var order = Drain(queue);

        // Host 2 and 3 each wait behind at most one item of host 1.
        Assert.Equal(["a0", "b0", "c0", "a1", "a2"], order.Take(5));
        Assert.Equal(12, order.Count);
    }

    [Fact]
    public void TryDequeue_PriorityLane_ServedBeforeAnyHost()
    {
        var queue = new FairQueue<string>(2);
        queue.TryEnqueue(new MessageId(1, 0), "a0", 16);
        Assert.True(queue.TryEnqueuePriority("admin"));
        Assert.True(queue.TryEnqueuePriority("add-pv"));
        Assert.False(queue.TryEnqueuePriority("third"));

        Assert.Equal(["admin", "add-pv", "a0"], Drain(queue));
    }

    [Fact]
    public void TryEnqueue_SameSlot_ReplacesTheWithdrawnItem()
    {
        var queue = new FairQueue<string>(1);
        queue.TryEnqueue(new MessageId(1, 4), "old", 16);

        Assert.Equal(EnqueueResult.Replaced, queue.TryEnqueue(new MessageId(1, 4), "new", 16));
        Assert.Equal(["new"], Drain(queue));
    }

    [Fact]
    public void TryEnqueue_HostAtItsLimit_RefusedWithoutTouchingOthers()
    {
        var queue = new FairQueue<string>(1);
        queue.TryEnqueue(new MessageId(1, 0), "a0", 2);
        queue.TryEnqueue(new MessageId(1, 1), "a1", 2);

        Assert.Equal(EnqueueResult.HostFull, queue.TryEnqueue(new MessageId(1, 2), "a2", 2));
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(new MessageId(2, 0), "b0", 2));
        Assert.Equal(2, queue.CountOf(1));
    }

    [Fact]
    public void TryRemove_WithdrawnItem_IsNeverDequeuedAndTheRingStaysFair()
    {
        var queue = new FairQueue<string>(1);
        queue.TryEnqueue(new MessageId(1, 0), "a0", 16);
        Assert.True(queue.TryRemove(new MessageId(1, 0), _ => true, out var removed));
        Assert.Equal("a0", removed);
        queue.TryEnqueue(new MessageId(2, 0), "b0", 16);
        queue.TryEnqueue(new MessageId(1, 1), "a1", 16);
        queue.TryEnqueue(new MessageId(1, 2), "a2", 16);
        queue.TryEnqueue(new MessageId(2, 1), "b1", 16);

        // Host 1 keeps its turn in the ring; host 2 still waits behind at most one item of host 1.
        Assert.Equal(["a1", "b0", "a2", "b1"], Drain(queue));
    }

    [Fact]
    public async Task WaitToReadAsync_Completed_ReturnsFalseOnceDrained()
    {
        var queue = new FairQueue<string>(1);
        queue.TryEnqueue(new MessageId(1, 0), "a0", 16);
        queue.Complete();

        Assert.True(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.Equal(EnqueueResult.Closed, queue.TryEnqueue(new MessageId(1, 1), "a1", 16));
        Assert.True(queue.TryDequeue(out _));
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None));
    }

    private static List<string> Drain(FairQueue<string> queue)
    {
        var items = new List<string>();
        while (queue.TryDequeue(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
