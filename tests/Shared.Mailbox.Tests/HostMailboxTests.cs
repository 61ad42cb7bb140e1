using LvExtend.TestSupport;
using LvExtend.TestSupport.Logging;
using LvExtend.TestSupport.Mailbox;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shared.Mailbox.Tests.Support;
using Xunit.Abstractions;

namespace Shared.Mailbox.Tests;

/// <summary>The host role alone, against raw writes standing in for a manager.</summary>
public sealed class HostMailboxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_ZeroesOnlyItsOwnBlock_AndLeavesTheOutbox()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var filled = new byte[4096];
        filled.AsSpan().Fill(0x31);
        storage.WriteInboxBlock(6, filled, ring: false);
        storage.WriteInboxBlock(7, filled, ring: false);
        storage.WriteInboxBlock(8, filled, ring: false);
        storage.WriteOutboxBlock(7, filled);

        await rig.StartHostAsync(7);

        Assert.False(storage.ReadInboxBlock(7).AsSpan().ContainsAnyExcept((byte)0));
        Assert.Equal(filled, storage.ReadInboxBlock(6));
        Assert.Equal(filled, storage.ReadInboxBlock(8));
        Assert.Equal(filled, storage.ReadOutboxBlock(7));
        Assert.True(MailboxBlockCodec.TryDecodeEvent(storage.ReadInboxBlock(0), out _)); // the doorbell rang
    }

    [Fact]
    public async Task Idle_DoesNoIo_AndPollsOnlyWhileInFlight()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var host = await rig.StartHostAsync(3);
        var (reads, writes) = (host.Reads, host.Writes);

        await Task.Delay(TimeSpan.FromMilliseconds(200)); // 40 poll intervals
        Assert.Equal((reads, writes), (host.Reads, host.Writes));

        var request = MailboxRig.NewRequest();
        var pending = host.SendAsync(request, CancellationToken.None);
        await Eventually.TrueAsync(() => host.Reads > reads + 3, "polling while in flight");
        Assert.True(host.Writes >= writes + 2); // the block, then the doorbell
        AnswerAsManager(storage, 3, slot: 0, request, success: true);
        Assert.Equal(new ExtendReply(request, true), await Eventually.Within(pending));
        await Eventually.TrueAsync(() => MailboxCodec.IsClean(storage.ReadInboxBlock(3).AsSpan(0, 64)), "CLEAN written");
        EchoClean(storage, 3, slot: 0);
        await Eventually.TrueAsync(() => host.InFlight == 0, "slot freed");
        await Eventually.TrueAsync(() => !storage.ReadInboxBlock(3).AsSpan().ContainsAnyExcept((byte)0), "block zeroed");

        // The last write (zeros, then the doorbell) may still be finishing: wait until the counters settle, then idle
        // means no I/O at all over 40 poll intervals.
        await Eventually.TrueAsync(() => host.Writes == writes + 6 && host.InFlight == 0, "request, CLEAN and zero writes, each rung");
        (reads, writes) = (host.Reads, host.Writes);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.Equal((reads, writes), (host.Reads, host.Writes));
    }

    [Fact]
    public async Task Polling_FollowsThePollIntervalOfTheTimeProvider()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = rig.HostOptions(6);
        options.PollInterval = TimeSpan.FromMilliseconds(25);
        options.FastPollInterval = TimeSpan.FromMilliseconds(25);
        await using var host = new HostMailbox(options, time, new TestLogger<HostMailbox>(output));
        await host.StartAsync(CancellationToken.None);
        _ = host.SendAsync(MailboxRig.NewRequest(), CancellationToken.None);
        await Eventually.TrueAsync(() => host.Writes == 4 && host.Reads == 1, "baseline read, then the request and the doorbell");

        // Without time passing there is no read, however long the wait.
        await Task.Delay(100);
        Assert.Equal(1, host.Reads);

        // 250 ms of fake time in 5 ms steps: one read per 25 ms at most (11), and reads do follow the clock. A slow
        // loop registers its timer a step or two late, hence the lower bound.
        for (var step = 0; step < 50; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
            await Task.Delay(10);
        }

        await Task.Delay(50);
        Assert.InRange(host.Reads - 1, 4, 11);
        Assert.Equal(4, host.Writes);
    }

    [Fact]
    public async Task Send_UsesTheLowestFreeSlot_AndChecksumsTheBlock()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var host = await rig.StartHostAsync(5);
        var requests = Enumerable.Range(1, 3).Select(i => MailboxRig.NewRequest((ulong)i)).ToList();
        var pending = new List<Task<ExtendReply>>();
        foreach (var request in requests)
        {
            pending.Add(host.SendAsync(request, CancellationToken.None));
            await Eventually.TrueAsync(() => host.InFlight == pending.Count, "placed");
        }

        await Eventually.TrueAsync(() => MailboxCodec.Classify(storage.ReadInboxBlock(5).AsSpan(128, 64)) == MailboxMessageKind.Extend, "written");
        var block = storage.ReadInboxBlock(5);
        Assert.True(MailboxBlockCodec.TryValidateHostBlock(block));
        for (var slot = 0; slot < 3; slot++)
        {
            Assert.Equal(requests[slot], MailboxCodec.DecodeExtend(MailboxBlockCodec.GetSlot(block, slot)));
        }

        // Answer the middle one: slot 1 is then reused by the next request once the handshake ends.
        AnswerAsManager(storage, 5, slot: 1, requests[1], success: false);
        Assert.Equal(new ExtendReply(requests[1], false), await Eventually.Within(pending[1]));
        await Eventually.TrueAsync(() => MailboxCodec.IsClean(storage.ReadInboxBlock(5).AsSpan(64, 64)), "CLEAN in slot 1");
        EchoClean(storage, 5, slot: 1);
        await Eventually.TrueAsync(() => host.InFlight == 2, "slot 1 freed");
        var next = MailboxRig.NewRequest(99);
        var nextPending = host.SendAsync(next, CancellationToken.None);
        await Eventually.TrueAsync(() => storage.ReadInboxBlock(5).AsSpan(64, 64).SequenceEqual(Encode(next)), "slot 1 reused");
        Assert.False(nextPending.IsCompleted); // CLEAN in the reply slot is the baseline, not an answer
    }

    [Fact]
    public async Task LateReplyToACancelledRequest_DoesNotAnswerTheNextRequestInThatSlot()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var host = await rig.StartHostAsync(2);
        var keepBusy = host.SendAsync(MailboxRig.NewRequest(1), CancellationToken.None); // slot 0, keeps the host polling
        using var cancellation = new CancellationTokenSource();
        var cancelled = MailboxRig.NewRequest(2);
        var pending = host.SendAsync(cancelled, cancellation.Token); // slot 1
        await Eventually.TrueAsync(() => host.InFlight == 2, "placed");
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        // The manager answers the withdrawn request late, then a new request takes slot 1.
        AnswerAsManager(storage, 2, slot: 1, cancelled, success: true);
        var next = MailboxRig.NewRequest(3);
        var nextPending = host.SendAsync(next, CancellationToken.None);
        await Eventually.TrueAsync(() => storage.ReadInboxBlock(2).AsSpan(64, 64).SequenceEqual(Encode(next)), "slot 1 reused");
        await Task.Delay(100);
        Assert.False(nextPending.IsCompleted);

        AnswerAsManager(storage, 2, slot: 1, next, success: true);
        Assert.Equal(new ExtendReply(next, true), await Eventually.Within(nextPending));
        Assert.False(keepBusy.IsCompleted);
        await Eventually.TrueAsync(() => MailboxCodec.IsClean(storage.ReadInboxBlock(2).AsSpan(64, 64)), "CLEAN written");
        EchoClean(storage, 2, slot: 1);
        await Eventually.TrueAsync(() => host.InFlight == 1, "slot 1 freed");
    }

    [Fact]
    public async Task Stop_FinishesThePendingCleanHandshake_AndLeavesTheBlockZeroed()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var host = await rig.StartHostAsync(4);
        var request = MailboxRig.NewRequest();
        var pending = host.SendAsync(request, CancellationToken.None);
        await Eventually.TrueAsync(() => host.InFlight == 1 && host.Writes >= 4, "placed");
        AnswerAsManager(storage, 4, 0, request, success: true);
        await Eventually.Within(pending);
        await Eventually.TrueAsync(() => MailboxCodec.IsClean(storage.ReadInboxBlock(4).AsSpan(0, 64)), "CLEAN written");

        var stopping = host.StopAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(stopping.IsCompleted); // waiting for the echo
        EchoClean(storage, 4, 0);
        await Eventually.Within(stopping);

        Assert.Equal(0, host.InFlight);
        Assert.False(storage.ReadInboxBlock(4).AsSpan().ContainsAnyExcept((byte)0));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.SendAsync(request, CancellationToken.None));
    }

    [Fact]
    public async Task Stop_WithoutEcho_GivesUpAfterStopTimeout_BlockZeroed()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var options = rig.HostOptions(4);
        options.StopTimeout = TimeSpan.FromMilliseconds(100);
        var host = await rig.StartHostAsync(4, options);
        var request = MailboxRig.NewRequest();
        var pending = host.SendAsync(request, CancellationToken.None);
        await Eventually.TrueAsync(() => host.Writes >= 4, "placed");
        AnswerAsManager(storage, 4, 0, request, success: true);
        await Eventually.Within(pending);

        await Eventually.Within(host.StopAsync(CancellationToken.None));

        Assert.False(storage.ReadInboxBlock(4).AsSpan().ContainsAnyExcept((byte)0));
    }

    [Fact]
    public async Task Send_SizeZero_RefusedBeforeAnythingIsWritten()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var host = await rig.StartHostAsync(9);
        var writes = host.Writes;

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => host.SendAsync(MailboxRig.NewRequest(0), CancellationToken.None));

        Assert.Contains("Size 0 cannot be sent", error.Message, StringComparison.Ordinal);
        Assert.Equal(writes, host.Writes);
        Assert.Equal(0, host.InFlight + host.Queued);
        Assert.False(storage.ReadInboxBlock(9).AsSpan().ContainsAnyExcept((byte)0));
    }

    [Fact]
    public async Task Completion_RunsWhileStarted_CompletesWhenStopped()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var host = await rig.StartHostAsync(2);

        await Task.Delay(20);
        Assert.False(host.Completion.IsCompleted);
        await host.StopAsync(CancellationToken.None);

        await Eventually.Within(host.Completion);
        Assert.True(host.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Completion_StartFailed_Faults()
    {
        var options = new HostMailboxOptions { InboxPath = "/nonexistent/inbox", OutboxPath = "/nonexistent/outbox", HostId = 1 };
        await using var host = new HostMailbox(options, TimeProvider.System, new TestLogger<HostMailbox>());

        await Assert.ThrowsAsync<FileNotFoundException>(() => host.StartAsync(CancellationToken.None));

        Assert.True(host.Completion.IsFaulted);
    }

    [Fact]
    public void Constructor_FastPollAbovePollInterval_Refused()
    {
        var options = new HostMailboxOptions
        {
            InboxPath = "/x", OutboxPath = "/y", HostId = 1,
            PollInterval = TimeSpan.FromMilliseconds(10), FastPollInterval = TimeSpan.FromMilliseconds(20), FastPollWindow = TimeSpan.FromMinutes(2),
        };

        var error = Assert.Throws<OptionsValidationException>(() => new HostMailbox(options, TimeProvider.System, new TestLogger<HostMailbox>()));

        Assert.Contains(error.Failures, f => f.Contains("FastPollInterval", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("FastPollWindow", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesEverySetting()
    {
        var options = new HostMailboxOptions { HostId = 0, PollInterval = TimeSpan.Zero, QueueCapacity = 0 };

        var error = Assert.Throws<OptionsValidationException>(() => new HostMailbox(options, TimeProvider.System, new TestLogger<HostMailbox>()));

        Assert.Contains(error.Failures, f => f.Contains("HostId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("InboxPath", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PollInterval", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("QueueCapacity", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_OnProcfs_FailsWithTheDirectIoHint()
    {
        var options = new HostMailboxOptions { InboxPath = "/proc/version", OutboxPath = "/proc/version", HostId = 1 };
        await using var host = new HostMailbox(options, TimeProvider.System, new TestLogger<HostMailbox>());

        var error = await Assert.ThrowsAsync<IOException>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains(nameof(MailboxIoMode.BufferedWithFsync), error.Message, StringComparison.Ordinal);
    }

    private static byte[] Encode(ExtendMessage message)
    {
        var bytes = new byte[64];
        MailboxCodec.EncodeExtend(message, bytes);
        return bytes;
    }

    private static void AnswerAsManager(TempMailbox storage, int hostId, int slot, ExtendMessage request, bool success)
    {
        var block = storage.ReadOutboxBlock(hostId);
        MailboxCodec.EncodeExtend(success ? request : request with { SizeMib = 0 }, MailboxBlockCodec.GetSlot(block.AsSpan(), slot));
        storage.WriteOutboxBlock(hostId, block);
    }

    private static void EchoClean(TempMailbox storage, int hostId, int slot)
    {
        var block = storage.ReadOutboxBlock(hostId);
        MailboxCodec.EncodeClean(MailboxBlockCodec.GetSlot(block.AsSpan(), slot));
        storage.WriteOutboxBlock(hostId, block);
    }
}
