using LvExtend.TestSupport;
using LvExtend.TestSupport.Logging;
using LvExtend.TestSupport.Mailbox;
using Microsoft.Extensions.Time.Testing;
using Shared.Mailbox.Tests.Support;
using Xunit.Abstractions;
using static Shared.Mailbox.Tests.Support.MailboxRig;

namespace Shared.Mailbox.Tests;

/// <summary>
/// The manager's idle path: a full scan whose host blocks are those of the last completed scan stops after the read,
/// and the doorbell is polled on its own thread (driven by a fake clock here). Nothing a changed block carries may
/// be missed because of either.
/// </summary>
public sealed class ManagerScanOnChangeTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ChangeInOneHostBlock_AfterUnchangedScans_IsSeen_SlotBySlot()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output, maxHosts: 250);
        using var storage = rig.Storage;
        var manager = await rig.StartManagerAsync(options: rig.ManagerOptions(fullScan: TimeSpan.FromMilliseconds(20)));
        var scans = manager.FullScans;
        await Eventually.TrueAsync(() => manager.FullScans > scans + 3, "unchanged scans");

        var first = MailboxRig.NewRequest(1024);
        storage.WriteInboxBlock(250, SealedBlock((0, first)), ring: false);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "the first request answered (full scan, no ring)");

        // Only one slot of that block changes (the first one keeps its bytes): only the new request is dispatched.
        var second = MailboxRig.NewRequest(2048);
        storage.WriteInboxBlock(250, SealedBlock((0, first), (1, second)), ring: false);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 2, "the second request answered");
        scans = manager.FullScans;
        await Eventually.TrueAsync(() => manager.FullScans > scans + 3, "more unchanged scans");

        Assert.Equal(1, rig.Handler.CountOf(first));
        Assert.Equal(1, rig.Handler.CountOf(second));
        Assert.Equal(2, rig.Handler.Requests.Count);
    }

    [Fact]
    public async Task Ring_FromHostsBelowAndAboveTheHighestActiveId_IsServedWithoutWaitingForAFullScan()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output, maxHosts: 250);
        using var storage = rig.Storage;

        // No periodic full scan within the test: every answer comes from a ring's read (the head up to the highest
        // host id seen active, then the tail).
        await rig.StartManagerAsync(options: rig.ManagerOptions(fullScan: TimeSpan.FromMinutes(1)));
        var first = MailboxRig.NewRequest(1024);
        storage.WriteInboxBlock(3, SealedBlock((0, first)), ring: true);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "host 3 answered (read in the tail: nothing was active)");

        var above = MailboxRig.NewRequest(2048);
        storage.WriteInboxBlock(200, SealedBlock((0, above)), ring: true);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 2, "host 200 answered (above the highest active id: the tail)");

        var below = MailboxRig.NewRequest(3072);
        storage.WriteInboxBlock(2, SealedBlock((0, below)), ring: true);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 3, "host 2 answered (in the head)");

        var again = MailboxRig.NewRequest(4096);
        storage.WriteInboxBlock(200, SealedBlock((0, above), (1, again)), ring: true);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 4, "host 200 answered again (now in the head)");

        Assert.Equal(1, rig.Handler.CountOf(first));
        Assert.Equal(1, rig.Handler.CountOf(above));
        Assert.Equal(1, rig.Handler.CountOf(below));
        Assert.Equal(1, rig.Handler.CountOf(again));
        Assert.Equal(4, rig.Handler.Requests.Count);
    }

    [Fact]
    public async Task ChecksumFailedBlock_IsReadAgain_AndTheValidRereadIsAccepted()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;

        // A long retry delay: the scan that finds the torn block waits, and meanwhile the host finishes its write.
        var manager = await rig.StartManagerAsync(options: rig.ManagerOptions(checksumRetry: TimeSpan.FromSeconds(3)));
        var request = MailboxRig.NewRequest(512);
        var torn = SealedBlock((0, request));
        torn[4095] ^= 0x40;
        var scans = manager.FullScans;
        storage.WriteInboxBlock(6, torn, ring: true);
        await Eventually.TrueAsync(() => manager.FullScans > scans, "the scan read the torn block");
        storage.WriteInboxBlock(6, SealedBlock((0, request)), ring: false);

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "answered from the re-read");
        Assert.True(rig.ManagerLogger.Has("ManagerMailboxChecksumRecovered"));
        scans = manager.FullScans;
        await Eventually.TrueAsync(() => manager.FullScans > scans + 3, "later scans");
        Assert.Equal(0, manager.ChecksumErrors);
        Assert.Single(rig.Handler.Requests);
    }

    [Fact]
    public async Task KnownBadBlock_UnchangedImage_IsNotParsedAgain_UntilItChanges()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var manager = await rig.StartManagerAsync(options: rig.ManagerOptions(fullScan: TimeSpan.FromMilliseconds(20)));
        var request = MailboxRig.NewRequest(512);
        var bad = SealedBlock((0, request));
        bad[4095] ^= 0x40;
        storage.WriteInboxBlock(9, bad, ring: true);
        await Eventually.TrueAsync(() => manager.ChecksumErrors == 1, "counted once (scan and re-read failed)");

        var stillBad = StillBadLines(rig);
        var scans = manager.FullScans;
        await Eventually.TrueAsync(() => manager.FullScans > scans + 5, "unchanged scans");
        Assert.Equal(stillBad, StillBadLines(rig));
        Assert.Empty(rig.Handler.Requests);

        storage.WriteInboxBlock(9, SealedBlock((0, request)), ring: false);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "healed and answered");
        Assert.True(rig.ManagerLogger.Has("ManagerMailboxChecksumHealed"));
        Assert.Equal(1, manager.ChecksumErrors);
    }

    [Fact]
    public Task HostThatDoesNotRing_IsSeenByTheFullScan_NotBeforeItsInterval_OnTheFakeClock() =>
        AssertNonRingingHostSeenAfterAsync(fullScan: TimeSpan.FromSeconds(2), idleFullScan: TimeSpan.FromSeconds(2), notSeenTicks: 19);

    [Fact]
    public Task HostThatDoesNotRing_WhileIdle_WaitsForTheIdleFullScanInterval_OnTheFakeClock() =>
        AssertNonRingingHostSeenAfterAsync(fullScan: TimeSpan.FromSeconds(1), idleFullScan: TimeSpan.FromSeconds(3), notSeenTicks: 29);

    /// <summary>
    /// Idle from the start (no active window): a host writes a request without ringing; after
    /// <paramref name="notSeenTicks"/> x 100 ms it is not seen yet, later the full scan finds it.
    /// </summary>
    private async Task AssertNonRingingHostSeenAfterAsync(TimeSpan fullScan, TimeSpan idleFullScan, int notSeenTicks)
    {
        using var storage = TempMailbox.Create();
        var time = new FakeTimeProvider(Start);
        var handler = new RecordingHandler();
        await using var manager = new ManagerMailbox(
            new ManagerMailboxOptions
            {
                InboxPath = storage.InboxPath,
                OutboxPath = storage.OutboxPath,
                MaxHosts = 8,
                EventInterval = TimeSpan.FromMilliseconds(2),
                IdleEventInterval = TimeSpan.FromMilliseconds(100),
                ActiveWindow = TimeSpan.Zero,
                FullScanInterval = fullScan,
                IdleFullScanInterval = idleFullScan,
            },
            handler,
            time,
            new TestLogger<ManagerMailbox>(output));
        handler.Manager = manager;
        await manager.StartAsync(CancellationToken.None);

        storage.WriteInboxBlock(4, SealedBlock((0, MailboxRig.NewRequest())), ring: false);
        for (var i = 0; i < notSeenTicks; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100)); // doorbell polls, no full scan yet
            await Task.Delay(5);
        }

        Assert.Empty(handler.Requests);
        Assert.True(manager.DoorbellReads > 0);
        for (var i = 0; i < 500 && handler.Requests.IsEmpty; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        Assert.Single(handler.Requests);
    }

    private static int StillBadLines(MailboxRig rig) =>
        rig.ManagerLogger.Entries.Count(e => e.EventId.Name == "ManagerMailboxChecksumStillBad");
}
