using System.Text;
using LvExtend.Lvm.Vdsm;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Vdsm;
using Spm.Coordinator.Admin;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>
/// The coordinator serving a vdsm block domain built from the reference's vectors (v4 and v5) on loop PVs, with
/// PostgreSQL: each volume's cap is vdsm's own, from the <c>metadata</c> LV's slot read through the PVs. Every
/// expectation comes from the vector JSON.
/// </summary>
[Collection(LvmTestGroup.Name)]
public sealed class VdsmDomainTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private const long Mib = 1024 * 1024;

    public static TheoryData<string> Sets => new(VdsmVectorSet.Names());

    [Fact]
    public void VectorSets_BothFormatsArePresent()
    {
        Assert.True(Directory.Exists(VdsmVectorSet.Directory), $"no vdsm vector directory {VdsmVectorSet.Directory}");
        Assert.Contains("v4", VdsmVectorSet.Names());
        Assert.Contains("v5", VdsmVectorSet.Names());
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Extend_AtTheVdsmCap_SucceedsAndAboveIsRefusedAndAudited(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        var volume = SmallestVolume(vectors);
        var id = Guid.Parse(volume.Volume);
        await using var env = await CreateEnvironmentAsync(vectors);
        var metadataBefore = await ReadMetadataAsync(env, vectors);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 2);
        var seqno = env.Vg.GetVg().SeqNo;

        var above = await host.ExtendAsync(env.DomainId, id, (ulong)volume.CapMib + 1, ReplyTimeout);
        var atCap = await host.ExtendAsync(env.DomainId, id, (ulong)volume.CapMib, ReplyTimeout);

        Assert.False(above.Succeeded);
        Assert.True(atCap.Succeeded);
        Assert.Equal(volume.CapMib * Mib, env.Vg.GetLvSizeBytes(volume.Volume));
        var rejected = Assert.Single(await RowsAsync(coordinator, id, ExtendRequestState.Rejected, 1));
        Assert.Equal(
            $"{volume.CapMib + 1} MiB is above the cap of {volume.CapMib} MiB (vdsm capacity {volume.CapacityBytes} bytes x 1.1, metadata slot {volume.Slot})",
            rejected.Reason);
        Assert.Single(await RowsAsync(coordinator, id, ExtendRequestState.Done, 1));
        Assert.Equal(metadataBefore, await ReadMetadataAsync(env, vectors)); // vdsm's metadata is never written
        // Our one lvextend moved the seqno by exactly one (what the capacity cache assumes to skip a re-read).
        Assert.Equal(seqno + 1, env.Vg.GetVg().SeqNo);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Extend_CorruptedSlotOrNoSlotTag_RefusedWithTheMetadataStatus(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        var volume = SmallestVolume(vectors);
        var id = Guid.Parse(volume.Volume);
        await using var env = await CreateEnvironmentAsync(vectors);
        var slot = vectors.SlotBytes(volume);
        var eof = Encoding.ASCII.GetBytes("EOF\n");
        var at = slot.AsSpan().IndexOf(eof);
        Assert.True(at > 0, "the vector slot ends with EOF");
        slot.AsSpan(at, eof.Length).Clear();
        await VdsmDomainBuilder.WriteSlotAsync(env.Vg, vectors, volume.Slot, slot);
        var untagged = Guid.NewGuid();
        env.Vg.CreateLv(untagged.ToString(), 1);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 3);

        var corrupted = await host.ExtendAsync(env.DomainId, id, 2, ReplyTimeout);
        var noTag = await host.ExtendAsync(env.DomainId, untagged, 2, ReplyTimeout);

        Assert.False(corrupted.Succeeded);
        Assert.False(noTag.Succeeded);
        Assert.Equal(Mib, env.Vg.GetLvSizeBytes(volume.Volume));
        Assert.Equal(Mib, env.Vg.GetLvSizeBytes(untagged.ToString()));
        var corruptedRow = Assert.Single(await RowsAsync(coordinator, id, ExtendRequestState.Rejected, 1));
        Assert.StartsWith($"the capacity of volume {id} (LV {env.Vg.Name}/{id}) is unknown: vdsm metadata {VdsmCapacityStatus.SlotNotParsable}: ",
            corruptedRow.Reason, StringComparison.Ordinal);
        var noTagRow = Assert.Single(await RowsAsync(coordinator, untagged, ExtendRequestState.Rejected, 1));
        Assert.StartsWith($"the capacity of volume {untagged} (LV {env.Vg.Name}/{untagged}) is unknown: vdsm metadata {VdsmCapacityStatus.NoSlotTag}: ",
            noTagRow.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Extend_CorruptedSlotWithDomainMaximum_ServedUpToTheDomainMaximum(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        var volume = SmallestVolume(vectors);
        var id = Guid.Parse(volume.Volume);
        await using var env = await CreateEnvironmentAsync(vectors);
        await VdsmDomainBuilder.WriteSlotAsync(env.Vg, vectors, volume.Slot, new byte[vectors.Domain.SlotSize]);
        var options = env.LaunchOptions("c1");
        options = options with { Domains = [options.Domains[0] with { UnknownCapacity = "DomainMaximum" }] };
        await using var coordinator = await InProcessCoordinator.StartAsync(options, output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 4);

        // Above vdsm's cap (unknown now), below the domain maximum.
        var reply = await host.ExtendAsync(env.DomainId, id, (ulong)volume.CapMib + 16, ReplyTimeout);

        Assert.True(reply.Succeeded);
        Assert.Equal((volume.CapMib + 16) * Mib, env.Vg.GetLvSizeBytes(volume.Volume));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Extend_AfterVdsmResizedTheVolume_ServedWithTheNewCap(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        var volume = SmallestVolume(vectors);
        var id = Guid.Parse(volume.Volume);
        var newCapacity = volume.CapacityBytes * 2;
        var newCap = VdsmCap.CapMib(newCapacity);
        await using var env = await CreateEnvironmentAsync(vectors);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 5);

        var before = await host.ExtendAsync(env.DomainId, id, (ulong)newCap, ReplyTimeout);

        // vdsm's resize: the slot gets the larger capacity, and the VG's metadata changes (here a tag: seqno + 1).
        var seqno = env.Vg.GetVg().SeqNo;
        await VdsmDomainBuilder.WriteSlotAsync(env.Vg, vectors, volume.Slot, VdsmDomainBuilder.SlotWithCapacity(vectors, volume, newCapacity));
        LvmCommand.Run("lvchange", env.Vg.Devices, "--addtag", "lvx_test_resized", $"{env.Vg.Name}/{volume.Volume}");
        Assert.True(env.Vg.GetVg().SeqNo > seqno);
        // The coordinator re-reads the VG (its seqno) at most once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var after = await host.ExtendAsync(env.DomainId, id, (ulong)newCap, ReplyTimeout);

        Assert.False(before.Succeeded);
        Assert.True(after.Succeeded);
        Assert.Equal(newCap * Mib, env.Vg.GetLvSizeBytes(volume.Volume));
        var rejected = Assert.Single(await RowsAsync(coordinator, id, ExtendRequestState.Rejected, 1));
        Assert.Contains($"above the cap of {volume.CapMib} MiB", rejected.Reason, StringComparison.Ordinal);
    }

    private static VdsmVectorVolume SmallestVolume(VdsmVectorSet vectors) => vectors.Domain.Volumes.MinBy(v => v.CapMib)!;

    /// <summary>The domain as vdsm built it: DomainId = the SD UUID of the vectors; PVs of 2 GiB, 1 MiB extents.</summary>
    private static Task<TestEnvironment> CreateEnvironmentAsync(VdsmVectorSet vectors) =>
        TestEnvironment.CreateAsync(createVg: () => VdsmDomainBuilder.BuildAsync(vectors, physicalVolumeSizeGiB: 2),
            domainId: Guid.Parse(vectors.Domain.DomainId));

    /// <summary>The <c>metadata</c> LV's bytes that hold the vectors, read through the PVs.</summary>
    private static async Task<byte[]> ReadMetadataAsync(TestEnvironment env, VdsmVectorSet vectors)
    {
        var segments = LvmCommand.EnsureSucceeded(
            await LvmCommand.Tool.ListSegmentsAsync(env.Vg.Name, VdsmMetadataFormat.MetadataLvName, env.Vg.Devices, CancellationToken.None));
        var pvs = LvmCommand.EnsureSucceeded(await LvmCommand.Tool.ListPvsAsync(env.Vg.Name, env.Vg.Devices, CancellationToken.None));
        var map = LvExtentMap.TryCreate(segments, pvs, env.Vg.GetVg().ExtentSizeBytes, out var reason) ?? throw new InvalidOperationException(reason);
        var bytes = new byte[vectors.Metadata.Length];
        var done = 0;
        while (done < bytes.Length)
        {
            Assert.True(map.TryMap(done, out var device, out var pvOffset, out var contiguous));
            var count = (int)Math.Min(contiguous, bytes.Length - done);
            await using var stream = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Position = pvOffset;
            await stream.ReadExactlyAsync(bytes.AsMemory(done, count));
            done += count;
        }

        return bytes;
    }

    private static Task<IReadOnlyList<ExtendRequestRecord>> RowsAsync(InProcessCoordinator coordinator, Guid volume, ExtendRequestState state, int count) =>
        PipelineTests.EventuallyAsync(
            async () =>
            {
                var result = await coordinator.Admin.ListRequestsAsync(state, null, volume, 100, CancellationToken.None);
                Assert.True(result.Succeeded, result.Error?.Message);
                return result.Value!;
            },
            rows => rows.Count >= count);
}
