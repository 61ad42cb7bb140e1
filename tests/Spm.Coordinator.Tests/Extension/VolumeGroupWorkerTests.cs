using Spm.Coordinator.Admin;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Tests.Extension.Fakes;
using static Spm.Coordinator.Tests.Extension.Fakes.PipelineHarness;

namespace Spm.Coordinator.Tests.Extension;

/// <summary>
/// The VG worker's concurrent extensions (<c>Lvm:ConcurrentExtends</c>) on the in-memory fakes: lvextends held open
/// by <see cref="FakeLvm.HoldLvextend"/> show how many run at once and what the worker decides meanwhile.
/// </summary>
public sealed class VolumeGroupWorkerTests
{
    /// <summary>Generous: only for the worker to reach a state, never a speed check.</summary>
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Lanes_FourLvs_AtMostTheLimitOfLvextendsRunAtOnce(int limit)
    {
        using var h = new PipelineHarness(configure: o => o.Lvm.ConcurrentExtends = limit);
        var volumes = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        volumes.ForEach(v => h.Lvm.CreateLv(v.ToString(), 8));
        var (worker, run, release) = StartWithLvextendsHeld(h);

        for (var i = 0; i < volumes.Count; i++)
        {
            Assert.Equal(EnqueueResult.Queued, worker.TryEnqueue(Request(i + 1, 0, volumes[i], 64)));
        }

        await ReachAsync(() => h.Lvm.RunningLvextends == limit);
        await Task.Delay(200); // room for one more to start, were the limit not kept
        Assert.Equal(limit, h.Lvm.LvextendCalls);
        release.SetResult();
        await ReachAsync(() => ReplyCount(h) == volumes.Count);
        worker.Complete();
        await run;

        Assert.Equal(limit, h.Lvm.MaxRunningLvextends);
        Assert.All(volumes, v => Assert.Equal(64 * Mib, h.Lvm.SizeOf(v.ToString())));
        Assert.All(h.Replies.Replies, r => Assert.True(r.Success));
        Assert.All(h.Requests.Rows.Values, row => Assert.Equal(ExtendRequestState.Done, row.State));
        Assert.Equal(0, worker.State.ReservedExtents);
    }

    [Fact]
    public async Task SameLv_SecondRequestValidatedAfterTheFirstEnded_AnsweredWithoutLvextend()
    {
        using var h = new PipelineHarness(configure: o => o.Lvm.ConcurrentExtends = 2);
        var volume = Guid.NewGuid();
        h.Lvm.CreateLv(volume.ToString(), 8);
        var (worker, run, release) = StartWithLvextendsHeld(h);

        worker.TryEnqueue(Request(1, 0, volume, 64));
        worker.TryEnqueue(Request(2, 0, volume, 48)); // another host, the same volume: smaller than what the first asks
        await ReachAsync(() => h.Lvm.RunningLvextends == 1);
        await Task.Delay(200); // room for the second to be decided, were it not held back
        Assert.Single(h.Requests.Rows);
        release.SetResult();
        await ReachAsync(() => ReplyCount(h) == 2);
        worker.Complete();
        await run;

        // Validated after the first lvextend ended: the LV already has 64 MiB, so no second lvextend.
        Assert.Equal(1, h.Lvm.LvextendCalls);
        Assert.Equal(1, h.Lvm.MaxRunningLvextends);
        var second = Assert.Single(h.Requests.Rows.Values, r => r.HostId == 2);
        Assert.Equal((ExtendRequestState.Done, "already large enough"), (second.State, second.Reason));
    }

    [Fact]
    public async Task Reservation_RoomForOneOfTwo_TheSecondWaitsForSpaceWithoutLvextend()
    {
        // 32 extents of 4 MiB; two LVs of 8 MiB use 4; 28 free = 112 MiB: one growth of 8 -> 72 MiB (16 extents) fits,
        // two do not.
        using var h = new PipelineHarness(extents: 32, configure: o => o.Lvm.ConcurrentExtends = 2);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        h.Lvm.CreateLv(a.ToString(), 8);
        h.Lvm.CreateLv(b.ToString(), 8);
        var (worker, run, release) = StartWithLvextendsHeld(h);

        worker.TryEnqueue(Request(1, 0, a, 72));
        worker.TryEnqueue(Request(2, 0, b, 72));
        await ReachAsync(() => worker.WaitingCount == 1);
        Assert.Equal(1, h.Lvm.LvextendCalls); // decided while the first held its 16 extents: no lvextend bound to fail
        Assert.Equal(16, worker.State.ReservedExtents);
        release.SetResult();
        await ReachAsync(() => ReplyCount(h) == 1);
        worker.Complete();
        await run;

        Assert.Equal(72 * Mib, h.Lvm.SizeOf(a.ToString()));
        Assert.Equal(8 * Mib, h.Lvm.SizeOf(b.ToString()));
        Assert.Equal([(new Shared.Mailbox.MessageId(1, 0), true)], h.Replies.Replies);
        Assert.Contains(h.Requests.Rows.Values, r => r.HostId == 2 && r.State == ExtendRequestState.WaitingForSpace);
        Assert.Equal(0, worker.State.ReservedExtents);
    }

    [Fact]
    public async Task AdminExtend_RunsInALaneAndCompletesWithItsOutcome()
    {
        using var h = new PipelineHarness(configure: o => o.Lvm.ConcurrentExtends = 2);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        h.Lvm.CreateLv(a.ToString(), 8);
        h.Lvm.CreateLv(b.ToString(), 8);
        var (worker, run, release) = StartWithLvextendsHeld(h);

        worker.TryEnqueue(Request(1, 0, a, 64));
        var admin = new AdminExtendWork(b, 32, h.Time.GetUtcNow(), new TaskCompletionSource<AdminResult<ExtendVolumeOutcome>>(
            TaskCreationOptions.RunContinuationsAsynchronously));
        Assert.True(worker.TryEnqueuePriority(admin));
        await ReachAsync(() => h.Lvm.RunningLvextends == 2);
        Assert.False(admin.Completion.Task.IsCompleted);
        release.SetResult();
        var result = await admin.Completion.Task.WaitAsync(ReachTimeout);
        await ReachAsync(() => ReplyCount(h) == 1);
        worker.Complete();
        await run;

        Assert.True(result.Succeeded);
        Assert.Equal(ExtendRequestState.Done, result.Value!.State);
        Assert.Equal(32 * Mib, h.Lvm.SizeOf(b.ToString()));
    }

    /// <summary>A worker on the harness whose lvextends stay running until the returned source is set.</summary>
    private static (VolumeGroupWorker Worker, Task Run, TaskCompletionSource Release) StartWithLvextendsHeld(PipelineHarness h)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Lvm.HoldLvextend = _ => release.Task;
        var worker = new VolumeGroupWorker(h.Services.Domains.All[0], h.Term, h.Services, h.Replies);
        return (worker, worker.RunAsync(), release);
    }

    private static int ReplyCount(PipelineHarness h)
    {
        lock (h.Replies.Replies)
        {
            return h.Replies.Replies.Count;
        }
    }

    private static async Task ReachAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + ReachTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker did not reach the expected state");
            await Task.Delay(10);
        }
    }
}
