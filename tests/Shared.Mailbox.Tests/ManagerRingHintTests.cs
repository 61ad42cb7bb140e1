using System.Buffers.Binary;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox.Tests.Support;
using Xunit.Abstractions;
using static Shared.Mailbox.Tests.Support.MailboxRig;

namespace Shared.Mailbox.Tests;

/// <summary>
/// The ring hint: a ring that names its host has that host's block read and dispatched before the rest of the inbox.
/// The hint is advice from a neighbour: false, stale, out-of-range or garbage hints, and hinted blocks with a bad
/// checksum, must neither lose nor repeat a request. Periodic full scans are a minute apart here, so every answer
/// comes from a ring.
/// </summary>
public sealed class ManagerRingHintTests(ITestOutputHelper output)
{
    private static readonly TimeSpan NoPeriodicScan = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task HintedRing_ServesTheNamedHost_ThenReadsTheRest()
    {
        await using var rig = NewRig();
        using var storage = rig.Storage;
        var manager = await StartRingOnlyAsync(rig);
        var scans = manager.FullScans;
        var silent = NewRequest(512);
        var hinted = NewRequest(1024);

        storage.WriteInboxBlock(12, SealedBlock((0, silent)), ring: false);
        storage.WriteInboxBlock(200, SealedBlock((3, hinted)), ring: true, ringHint: 200);

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 2, "both answered");
        Assert.Equal(1, manager.HintedRings);
        Assert.True(manager.FullScans > scans, "the whole inbox was read after the hinted block");
        Assert.Equal(1, rig.Handler.CountOf(hinted));
        Assert.Equal(1, rig.Handler.CountOf(silent));
        Assert.Equal(new MessageId(200, 3), rig.Handler.Requests.Single(r => r.Extend == hinted).Id);
    }

    [Fact]
    public async Task FalseHint_NamingAnIdleHost_StillServesTheHostThatWrote()
    {
        await using var rig = NewRig();
        using var storage = rig.Storage;
        var manager = await StartRingOnlyAsync(rig);
        var request = NewRequest();

        storage.WriteInboxBlock(5, SealedBlock((0, request)), ring: true, ringHint: 9);

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "answered");
        Assert.Equal(0, manager.HintedRings);
        Assert.Equal(1, rig.Handler.CountOf(request));
    }

    [Fact]
    public async Task StaleHint_NamingAHostAlreadyServed_DispatchesNothingTwice()
    {
        await using var rig = NewRig();
        using var storage = rig.Storage;
        var manager = await StartRingOnlyAsync(rig);
        var first = NewRequest(1024);
        var second = NewRequest(2048);
        storage.WriteInboxBlock(3, SealedBlock((0, first)), ring: true, ringHint: 3);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "host 3 answered");

        // Host 4 writes, but the ring still names host 3 (the last writer of the doorbell won).
        storage.WriteInboxBlock(4, SealedBlock((0, second)), ring: true, ringHint: 3);

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 2, "host 4 answered");
        Assert.Equal(1, manager.HintedRings);
        Assert.Equal(1, rig.Handler.CountOf(first));
        Assert.Equal(1, rig.Handler.CountOf(second));
    }

    [Theory]
    [InlineData(251)] // beyond MaxHosts
    [InlineData(2000)] // the largest id the format allows, beyond MaxHosts
    [InlineData(0)] // raw: no host
    [InlineData(-1)] // raw: negative
    [InlineData(int.MaxValue)] // raw: beyond any device
    public async Task HintOutOfRange_IsIgnored_AndTheRingServedAsWithoutOne(int hint)
    {
        await using var rig = NewRig();
        using var storage = rig.Storage;
        var manager = await StartRingOnlyAsync(rig);
        var request = NewRequest();

        storage.WriteInboxBlock(7, SealedBlock((0, request)), ring: false);
        var events = new byte[MailboxLayout.BlockSize];
        MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), 1, events);
        BinaryPrimitives.WriteInt32LittleEndian(events.AsSpan(MailboxLayout.RingHintOffset + 4), hint);
        storage.WriteInboxBlock(MailboxLayout.EventsBlockIndex, events, ring: false);

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "answered");
        Assert.Equal(0, manager.HintedRings);
        Assert.Equal(1, rig.Handler.CountOf(request));
    }

    [Fact]
    public async Task HintedBlockWithABadChecksum_IsReportedOnceByTheScan_AndServedOnceHealed()
    {
        await using var rig = NewRig();
        using var storage = rig.Storage;
        var manager = await StartRingOnlyAsync(rig);
        var request = NewRequest(512);
        var bad = SealedBlock((0, request));
        bad[4095] ^= 0x40;

        storage.WriteInboxBlock(6, bad, ring: true, ringHint: 6);
        await Eventually.TrueAsync(() => manager.ChecksumErrors == 1, "the bad block counted");
        var scans = manager.FullScans;
        storage.WriteInboxBlock(6, bad, ring: true, ringHint: 6);
        await Eventually.TrueAsync(() => manager.FullScans > scans, "rescanned after the second ring");
        Assert.Equal([6], rig.Handler.ChecksumErrors);
        Assert.Empty(rig.Handler.Requests);
        Assert.Equal(0, manager.HintedRings);

        storage.WriteInboxBlock(6, SealedBlock((0, request)), ring: true, ringHint: 6);

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "answered once healed");
        Assert.Equal(1, manager.HintedRings);
        Assert.Equal(1, manager.ChecksumErrors);
        Assert.True(rig.ManagerLogger.Has("ManagerMailboxChecksumHealed"));
    }

    [Fact]
    public async Task UseRingHintOff_ReadsTheInboxAsWithoutAHint()
    {
        await using var rig = NewRig();
        using var storage = rig.Storage;
        var manager = await StartRingOnlyAsync(rig, useRingHint: false);
        var request = NewRequest();

        storage.WriteInboxBlock(40, SealedBlock((0, request)), ring: true, ringHint: 40);

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "answered");
        Assert.Equal(0, manager.HintedRings);
    }

    [Fact]
    public async Task OurHosts_NameThemselves_AndAreServedThroughTheHint_UnlessTurnedOff()
    {
        await using var rig = NewRig();
        using var storage = rig.Storage;
        var manager = await StartRingOnlyAsync(rig);
        var hinting = await rig.StartHostAsync(17);
        var plainOptions = rig.HostOptions(18);
        plainOptions.RingHint = false;
        var plain = await rig.StartHostAsync(18, plainOptions);

        // The hosts' start rings (each zeroes its block and rings) are served and the manager is back to polling, so
        // that no full scan in progress can read host 17's request before its ring does.
        await SettleAsync(manager);
        var first = NewRequest(1024);
        Assert.True((await Eventually.Within(hinting.SendAsync(first, CancellationToken.None))).Succeeded);
        await Eventually.TrueAsync(() => !storage.ReadInboxBlock(17).AsSpan().ContainsAnyExcept((byte)0), "host 17 done (CLEAN handshake, block zeroed)");
        Assert.True(MailboxBlockCodec.TryDecodeRingHint(storage.ReadInboxBlock(0), out var named));
        Assert.Equal(17, named);
        var hinted = manager.HintedRings;
        Assert.True(hinted >= 1, "host 17's request came through the hint");

        var second = NewRequest(2048);
        Assert.True((await Eventually.Within(plain.SendAsync(second, CancellationToken.None))).Succeeded);
        await Eventually.TrueAsync(() => !storage.ReadInboxBlock(18).AsSpan().ContainsAnyExcept((byte)0), "host 18 done");
        var events = storage.ReadInboxBlock(0);
        Assert.False(MailboxBlockCodec.TryDecodeRingHint(events, out _));
        Assert.False(events.AsSpan(MailboxLayout.RingHintOffset).ContainsAnyExcept((byte)0)); // the reference's bytes
        Assert.Equal(1, rig.Handler.CountOf(first));
        Assert.Equal(1, rig.Handler.CountOf(second));
    }

    private MailboxRig NewRig() => new(TempMailbox.Create(), output, maxHosts: 250);

    /// <summary>A manager whose periodic full scans are a minute apart: within a test, only rings make it read.</summary>
    private static Task<ManagerMailbox> StartRingOnlyAsync(MailboxRig rig, bool useRingHint = true)
    {
        var options = rig.ManagerOptions(fullScan: NoPeriodicScan);
        options.UseRingHint = useRingHint;
        return rig.StartManagerAsync(options: options);
    }

    /// <summary>Waits until the manager has polled the doorbell five times without a full scan.</summary>
    private static async Task SettleAsync(ManagerMailbox manager)
    {
        var scans = manager.FullScans;
        var reads = manager.DoorbellReads;
        await Eventually.TrueAsync(
            () =>
            {
                if (manager.FullScans != scans)
                {
                    (scans, reads) = (manager.FullScans, manager.DoorbellReads);
                    return false;
                }

                return manager.DoorbellReads >= reads + 5;
            },
            "the manager polling the doorbell again, no scan in progress");
    }
}
