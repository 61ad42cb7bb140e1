using Spm.Coordinator.Admin;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Tests.Extension.Fakes;
using static Spm.Coordinator.Tests.Extension.Fakes.PipelineHarness;

namespace Spm.Coordinator.Tests.Extension;

/// <summary>Every outcome of <see cref="ExtendPipeline"/> on in-memory LVM and store fakes.</summary>
public sealed class ExtendPipelineTests
{
    private static readonly Guid Volume = Guid.Parse("0b9d6f1a-1111-4c2e-8a2b-222222222222");

    [Fact]
    public async Task Run_LvSmallerThanRequested_ExtendsThenRepliesBeforeRecordingDone()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(3, 1, Volume, 64)));

        Assert.Equal(PipelineOutcomeKind.Done, outcome.Kind);
        Assert.True(outcome.Answered);
        Assert.Equal((8 * Mib, 64 * Mib), (outcome.SizeBeforeBytes, outcome.SizeAfterBytes));
        Assert.Equal(64 * Mib, h.Lvm.SizeOf(Volume.ToString()));
        Assert.Equal([(new Shared.Mailbox.MessageId(3, 1), true)], h.Replies.Replies);
        Assert.Equal(ExtendRequestState.Done, h.Requests.Rows[outcome.RequestId!.Value].State);
        // The fence check gates lvextend (the intent row is written meanwhile); the reply comes right after lvextend,
        // the outcome row after the reply.
        var order = new[] { "fence check", "lvextend", "reply success", "transition Done", "durations" }.Select(h.Journal.IndexOf).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        // Between lvextend and the reply nothing runs but (possibly) the intent row, which the reply waits for.
        var entries = h.Journal.Entries;
        var between = entries.Skip(h.Journal.IndexOf("lvextend") + 1).Take(h.Journal.IndexOf("reply success") - h.Journal.IndexOf("lvextend") - 1);
        Assert.All(between, e => Assert.Equal("insert Extending", e));
        Assert.Contains("insert Extending", entries);
        Assert.True(h.Journal.IndexOf("insert Extending") < h.Journal.IndexOf("reply success"));
    }

    [Fact]
    public async Task Run_LvAlreadyLargeEnough_RepliesSuccessWithoutLvextend()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 128);
        await h.WarmAsync();

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(1, 0, Volume, 100)));

        Assert.Equal(PipelineOutcomeKind.AlreadyLargeEnough, outcome.Kind);
        Assert.True(outcome.Answered);
        Assert.Equal(0, h.Lvm.LvextendCalls);
        var row = h.Requests.Rows[outcome.RequestId!.Value];
        Assert.Equal((ExtendRequestState.Done, "already large enough"), (row.State, row.Reason));
        Assert.True(h.Journal.IndexOf("reply success") < h.Journal.IndexOf("insert Done"));
    }

    [Fact]
    public async Task Run_AboveCap_RejectsWithFailureReplyAndRecordsTheReason()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 8); // capacity tag 1024 MiB: cap 1127 -> 1128 MiB
        await h.WarmAsync();

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(2, 5, Volume, 2000)));

        Assert.Equal(PipelineOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(RejectionReason.AboveCap, outcome.Rejection!.Reason);
        Assert.Equal([(new Shared.Mailbox.MessageId(2, 5), false)], h.Replies.Replies);
        var row = h.Requests.Rows[outcome.RequestId!.Value];
        Assert.Equal(ExtendRequestState.Rejected, row.State);
        Assert.Contains("above the cap of 1128 MiB", row.Reason, StringComparison.Ordinal);
        Assert.Equal(0, h.Lvm.LvextendCalls);
    }

    [Fact]
    public async Task Run_UnknownVolume_RejectsWithAtMostOneLvsPerCacheAge()
    {
        using var h = new PipelineHarness();
        await h.WarmAsync();
        var lvsAfterWarm = h.Lvm.LvsCalls;

        for (var i = 0; i < 20; i++)
        {
            var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(4, i % 63, Guid.NewGuid(), 64)));
            Assert.Equal(RejectionReason.UnknownVolume, outcome.Rejection!.Reason);
        }

        Assert.Equal(lvsAfterWarm, h.Lvm.LvsCalls);
        h.Time.Advance(VolumeGroupState.LvCacheMaxAge);
        await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(4, 1, Guid.NewGuid(), 64)));
        await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(4, 2, Guid.NewGuid(), 64)));
        Assert.Equal(lvsAfterWarm + 1, h.Lvm.LvsCalls);
        Assert.All(h.Replies.Replies, r => Assert.False(r.Success));
    }

    [Fact]
    public async Task Run_LvCreatedAfterTheCacheWasRead_FoundByTheBoundedReRead()
    {
        using var h = new PipelineHarness();
        await h.WarmAsync();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        h.Time.Advance(VolumeGroupState.LvCacheMaxAge);

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(1, 1, Volume, 16)));

        Assert.Equal(PipelineOutcomeKind.Done, outcome.Kind);
    }

    [Fact]
    public async Task Run_CachedFreeExtentsTooFew_WaitsWithoutLvextendAndWithoutReply()
    {
        using var h = new PipelineHarness(extents: 10); // 40 MiB
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(5, 2, Volume, 512)));

        Assert.Equal(PipelineOutcomeKind.WaitingForSpace, outcome.Kind);
        Assert.False(outcome.Answered);
        Assert.Empty(h.Replies.Replies);
        Assert.Equal(0, h.Lvm.LvextendCalls);
        Assert.Equal(1, h.State.WaitingCount);
        var row = h.Requests.Rows[outcome.RequestId!.Value];
        Assert.Equal(ExtendRequestState.WaitingForSpace, row.State);
        Assert.Contains("not enough free extents", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AdminRequestWithoutSpace_FailsWithoutLvextend()
    {
        using var h = new PipelineHarness(extents: 10);
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromAdmin(Volume, 512, h.Time.GetUtcNow()));

        Assert.Equal(PipelineOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(0, h.Lvm.LvextendCalls);
        Assert.Equal(0, h.State.WaitingCount);
        Assert.Equal(ExtendRequestState.Failed, h.Requests.Rows[outcome.RequestId!.Value].State);
    }

    [Fact]
    public async Task Run_FenceCheckRefused_EndsTheTermWithoutLvextendOrReply()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();
        h.Requests.Fenced = true;

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(3, 1, Volume, 64)));

        Assert.Equal(PipelineOutcomeKind.TermEnded, outcome.Kind);
        Assert.Equal(0, h.Lvm.LvextendCalls);
        Assert.Empty(h.Replies.Replies);
        Assert.True(h.Term.Stopping.IsCancellationRequested);
        Assert.Equal(TermEndReason.LeaseLost, h.Term.EndReason);
        Assert.Contains("the fence refused the check before an LVM mutation", h.Term.EndDetail, StringComparison.Ordinal);
        Assert.Equal(8 * Mib, h.Lvm.SizeOf(Volume.ToString()));
        Assert.Empty(h.Requests.Rows);
    }

    [Fact]
    public async Task Run_LeaseLostAfterTheFenceCheck_TheIntentRowIsRefused_NoReplyAndTheTermEnds()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();
        h.Requests.FencedAfterCheck = true;

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(3, 1, Volume, 64)));

        // The intent row written while lvextend runs is refused: the term ends (killing lvm), nothing is answered.
        Assert.Equal(PipelineOutcomeKind.TermEnded, outcome.Kind);
        Assert.Empty(h.Replies.Replies);
        Assert.Empty(h.Requests.Rows);
        Assert.Equal(TermEndReason.LeaseLost, h.Term.EndReason);
        Assert.Contains("the fence refused insert request", h.Term.EndDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TooLittleLeaseLeft_EndsTheTermWithoutLvextend()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();
        h.Time.Advance(TimeSpan.FromSeconds(24.9)); // validity 25 s: 100 ms left, below the 250 ms minimum

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(3, 1, Volume, 64)));

        Assert.Equal(PipelineOutcomeKind.TermEnded, outcome.Kind);
        Assert.Equal(0, h.Lvm.LvextendCalls);
        Assert.Empty(h.Replies.Replies);
    }

    [Fact]
    public async Task Run_LvextendFails_RepliesFailureThenRecordsFailedWithLvmMessage()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();
        h.Lvm.FailNextLvextendWith = 5;

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(3, 1, Volume, 64)));

        Assert.Equal(PipelineOutcomeKind.Failed, outcome.Kind);
        Assert.True(outcome.Answered);
        var row = h.Requests.Rows[outcome.RequestId!.Value];
        Assert.Equal(ExtendRequestState.Failed, row.State);
        Assert.Contains("Some lvm failure", row.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("killed", row.Reason, StringComparison.Ordinal);
        Assert.True(h.Journal.IndexOf("reply failure") < h.Journal.IndexOf("transition Failed"));
    }

    [Fact]
    public async Task Run_SizeZero_RecordsTheRefusalWithoutAnAmbiguousReply()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();

        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(3, 1, Volume, 0)));

        Assert.Equal(PipelineOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(RejectionReason.SizeZero, outcome.Rejection!.Reason);
        Assert.False(outcome.Answered);
        Assert.Empty(h.Replies.Replies);
        var row = h.Requests.Rows[outcome.RequestId!.Value];
        Assert.Equal(ExtendRequestState.Rejected, row.State);
        Assert.Contains("byte-identical", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeWaiting_SpaceStillShort_RunsNoLvextend()
    {
        using var h = new PipelineHarness(extents: 10);
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();
        await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(5, 2, Volume, 512)));

        for (var i = 0; i < 5; i++)
        {
            await h.State.RefreshVgAsync(CancellationToken.None);
            await h.Pipeline.ServeWaitingAsync();
        }

        Assert.Equal(0, h.Lvm.LvextendCalls);
        Assert.Equal(1, h.State.WaitingCount);
    }

    [Fact]
    public async Task ServeWaiting_AfterSpaceAppears_ServesOldestFirstAndAnswersTheAlreadyLargeWithoutLvextend()
    {
        using var h = new PipelineHarness(extents: 10);
        var other = Guid.NewGuid();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        h.Lvm.CreateLv(other.ToString(), 8);
        await h.WarmAsync();
        await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(5, 2, Volume, 512)));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(6, 3, other, 256)));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(5, 4, Volume, 256)));
        Assert.Equal(3, h.State.WaitingCount);

        h.Lvm.Grow(1000);
        await h.State.RefreshVgAsync(CancellationToken.None);
        await h.Pipeline.ServeWaitingAsync();

        Assert.Equal(0, h.State.WaitingCount);
        Assert.Equal(["lvextend " + Volume + " 512", "lvextend " + other + " 256"],
            h.Journal.Entries.Where(e => e.StartsWith("lvextend", StringComparison.Ordinal)));
        Assert.Equal([(new Shared.Mailbox.MessageId(5, 2), true), (new Shared.Mailbox.MessageId(6, 3), true), (new Shared.Mailbox.MessageId(5, 4), true)],
            h.Replies.Replies);
        Assert.Equal(512 * Mib, h.Lvm.SizeOf(Volume.ToString()));
    }

    [Fact]
    public async Task ServeWaiting_LeaseLostWhileWaiting_TheFenceCheckStopsTheLvextend()
    {
        using var h = new PipelineHarness(extents: 10);
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();
        await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(5, 2, Volume, 512)));
        h.Lvm.Grow(1000);
        await h.State.RefreshVgAsync(CancellationToken.None);
        h.Requests.Fenced = true;

        await h.Pipeline.ServeWaitingAsync();

        Assert.Equal(0, h.Lvm.LvextendCalls);
        Assert.Empty(h.Replies.Replies);
        Assert.Equal(TermEndReason.LeaseLost, h.Term.EndReason);
        Assert.Equal(8 * Mib, h.Lvm.SizeOf(Volume.ToString()));
    }

    [Fact]
    public async Task Withdraw_WaitingRequest_IsRecordedAndNeverServed()
    {
        using var h = new PipelineHarness(extents: 10);
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();
        var outcome = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(5, 2, Volume, 512)));

        await h.Pipeline.WithdrawAsync(h.State.Waiting[0], "the host withdrew the request from its slot");
        h.Lvm.Grow(1000);
        await h.State.RefreshVgAsync(CancellationToken.None);
        await h.Pipeline.ServeWaitingAsync();

        Assert.Equal(ExtendRequestState.Withdrawn, h.Requests.Rows[outcome.RequestId!.Value].State);
        Assert.Equal(0, h.Lvm.LvextendCalls);
        Assert.Empty(h.Replies.Replies);
    }

    [Fact]
    public async Task Run_AdminAndMailbox_ShareTheRules()
    {
        using var h = new PipelineHarness();
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();

        var admin = await h.Pipeline.RunAsync(ExtendCommand.FromAdmin(Volume, 2000, h.Time.GetUtcNow()));
        var mailbox = await h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(1, 1, Volume, 2000)));

        Assert.Equal(admin.Rejection, mailbox.Rejection);
        Assert.False(admin.Answered);
        Assert.Equal(ExtendRequestSource.Admin, h.Requests.Rows[admin.RequestId!.Value].Source);
    }
}
