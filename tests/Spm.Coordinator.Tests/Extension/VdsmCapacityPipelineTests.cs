using LvExtend.Lvm.Vdsm;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Options;
using Spm.Coordinator.Tests.Extension.Fakes;
using static Spm.Coordinator.Tests.Extension.Fakes.PipelineHarness;

namespace Spm.Coordinator.Tests.Extension;

/// <summary>A vdsm block domain (VG tag MDT_VERSION=5): the cap comes from vdsm's metadata, read once per VG change.</summary>
public sealed class VdsmCapacityPipelineTests
{
    private static readonly Guid Volume = Guid.Parse("3c8e2f10-4b5a-4d6e-9f70-81a2b3c4d5e6");
    private const long Gib = 1024L * 1024 * 1024;

    // 1 GiB x 1.1 rounded up to MiB = 1127 MiB (vdsm's own cap).
    private static readonly long CapOf1Gib = VdsmCap.CapMib(Gib);

    private static async Task<PipelineHarness> VdsmDomainAsync(Action<CoordinatorOptions>? configure = null, long capacityBytes = Gib)
    {
        var h = new PipelineHarness(extents: 4096, configure: configure);
        h.Lvm.VgTags.AddRange(["MDT_VERSION=5", "MDT_CLASS=Data"]);
        h.Lvm.CreateLv(Volume.ToString(), 512);
        // A tag of ours must not count in a vdsm domain: vdsm's capacity does.
        h.Lvm.SetTags(Volume.ToString(), "IU_1d2e3f40-0000-4000-8000-000000000001", "MD_4", "PU_00000000-0000-0000-0000-000000000000", "lvx_capacity_mib=4096");
        h.Vdsm.SetCapacity(Volume.ToString(), capacityBytes);
        await h.WarmAsync();
        return h;
    }

    private static Task<PipelineOutcome> RunAsync(PipelineHarness h, ulong sizeMib, int slot = 0) =>
        h.Pipeline.RunAsync(ExtendCommand.FromMailbox(Request(1, slot, Volume, sizeMib)));

    [Fact]
    public async Task Run_AtTheVdsmCap_Extends()
    {
        using var h = await VdsmDomainAsync();

        var outcome = await RunAsync(h, (ulong)CapOf1Gib);

        Assert.Equal(1127, CapOf1Gib);
        Assert.Equal(PipelineOutcomeKind.Done, outcome.Kind);
        Assert.Equal(1128 * Mib, h.Lvm.SizeOf(Volume.ToString())); // 4 MiB extents
        Assert.Equal(1, h.Vdsm.Reads);
    }

    [Fact]
    public async Task Run_AboveTheVdsmCap_RefusedAndAuditedEvenWithACapacityTag()
    {
        using var h = await VdsmDomainAsync();

        var outcome = await RunAsync(h, (ulong)CapOf1Gib + 1);

        Assert.Equal(PipelineOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(RejectionReason.AboveCap, outcome.Rejection!.Reason);
        Assert.True(outcome.Answered);
        Assert.Equal([(new Shared.Mailbox.MessageId(1, 0), false)], h.Replies.Replies);
        var row = h.Requests.Rows[outcome.RequestId!.Value];
        Assert.Equal(ExtendRequestState.Rejected, row.State);
        Assert.Equal($"1128 MiB is above the cap of 1127 MiB (vdsm capacity {Gib} bytes x 1.1, metadata slot 4)", row.Reason);
        Assert.Equal(0, h.Lvm.LvextendCalls);
    }

    [Theory]
    [InlineData(VdsmCapacityStatus.SlotNotParsable, "slot 4 is not KEY=VALUE lines")]
    [InlineData(VdsmCapacityStatus.NoSlotTag, "the LV has no MD_<slot> tag")]
    public async Task Run_UnknownCapacity_RefusedWithTheMetadataStatus(VdsmCapacityStatus status, string reason)
    {
        using var h = await VdsmDomainAsync();
        h.Vdsm.SetFailure(Volume.ToString(), status, reason);
        h.Lvm.SetTags(Volume.ToString(), "MD_4"); // the VG changed: re-read
        h.Time.Advance(TimeSpan.FromSeconds(2));

        var outcome = await RunAsync(h, 600);

        Assert.Equal(PipelineOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(RejectionReason.CapacityUnknown, outcome.Rejection!.Reason);
        Assert.True(outcome.Answered);
        var row = h.Requests.Rows[outcome.RequestId!.Value];
        Assert.Equal(
            $"the capacity of volume {Volume} (LV {VgName}/{Volume}) is unknown: vdsm metadata {status}: {reason}", row.Reason);
        Assert.Equal(0, h.Lvm.LvextendCalls);
    }

    [Fact]
    public async Task Run_UnknownCapacityWithDomainMaximum_ServedUpToTheDomainMaximum()
    {
        using var h = await VdsmDomainAsync(o => o.Domains[0].UnknownCapacity = "DomainMaximum");
        h.Vdsm.SetFailure(Volume.ToString(), VdsmCapacityStatus.SlotNotParsable, "garbage");
        h.Lvm.SetTags(Volume.ToString(), "MD_4");
        h.Time.Advance(TimeSpan.FromSeconds(2));

        var served = await RunAsync(h, 8000, slot: 0);
        var above = await RunAsync(h, 1024 * 1024 + 1, slot: 1);

        Assert.Equal(PipelineOutcomeKind.Done, served.Kind);
        Assert.Equal(8000 * Mib, h.Lvm.SizeOf(Volume.ToString()));
        Assert.Equal(RejectionReason.AboveMaximum, above.Rejection!.Reason);
    }

    [Fact]
    public async Task Run_MetadataReadFails_RefusedThenRetriedAfterAPause()
    {
        using var h = await VdsmDomainAsync();
        h.Vdsm.FailNextRead = true;

        var failed = await RunAsync(h, 600, slot: 0);
        var cached = await RunAsync(h, 600, slot: 1);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        var served = await RunAsync(h, 600, slot: 2);

        Assert.Equal(RejectionReason.CapacityUnknown, failed.Rejection!.Reason);
        Assert.Contains("LvmFailed: reading vdsm's metadata of the VG vg-test failed: vgs failed", failed.Rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(RejectionReason.CapacityUnknown, cached.Rejection!.Reason);
        Assert.Equal(PipelineOutcomeKind.Done, served.Kind);
        Assert.Equal(2, h.Vdsm.Reads); // no read per request
    }

    [Fact]
    public async Task Run_UnchangedVg_NoLvmAndNoMetadataReadPerRequest()
    {
        using var h = await VdsmDomainAsync();
        await RunAsync(h, 600, slot: 0);
        var vgs = h.Lvm.VgsCalls;
        var lvs = h.Lvm.LvsCalls;

        for (var slot = 1; slot <= 5; slot++)
        {
            Assert.Equal(PipelineOutcomeKind.AlreadyLargeEnough, (await RunAsync(h, 600, slot)).Kind);
        }

        Assert.Equal((vgs, lvs, 1), (h.Lvm.VgsCalls, h.Lvm.LvsCalls, h.Vdsm.Reads));
    }

    [Fact]
    public async Task Run_OwnLvextend_DoesNotTriggerAMetadataRead()
    {
        using var h = await VdsmDomainAsync();
        Assert.Equal(PipelineOutcomeKind.Done, (await RunAsync(h, 700, slot: 0)).Kind);
        h.Time.Advance(TimeSpan.FromSeconds(2)); // the next request re-reads the VG (one vgs): seqno moved by our lvextend only

        var outcome = await RunAsync(h, 800, slot: 1);

        Assert.Equal(PipelineOutcomeKind.Done, outcome.Kind);
        Assert.Equal(1, h.Vdsm.Reads);
    }

    [Fact]
    public async Task Run_VdsmResizedTheVolume_ServedWithTheNewCapAfterTheSeqnoMoved()
    {
        using var h = await VdsmDomainAsync();
        var before = await RunAsync(h, 2000, slot: 0);

        // vdsm's resize: a larger CAP in the slot, and the VG's metadata changes (seqno + 1).
        h.Vdsm.SetCapacity(Volume.ToString(), 2 * Gib);
        h.Lvm.SetTags(Volume.ToString(), "IU_1d2e3f40-0000-4000-8000-000000000001", "MD_4", "PU_00000000-0000-0000-0000-000000000000");
        var notYet = await RunAsync(h, 2000, slot: 1); // the VG was read less than a second ago: the old cap still holds
        h.Time.Advance(TimeSpan.FromSeconds(2));
        var after = await RunAsync(h, (ulong)VdsmCap.CapMib(2 * Gib), slot: 2);

        Assert.Equal(RejectionReason.AboveCap, before.Rejection!.Reason);
        Assert.Equal(RejectionReason.AboveCap, notYet.Rejection!.Reason);
        Assert.Equal(PipelineOutcomeKind.Done, after.Kind);
        Assert.Equal(2, h.Vdsm.Reads);
        Assert.Equal(2253 * Mib, VdsmCap.CapMib(2 * Gib) * Mib);
    }

    [Fact]
    public async Task Run_NotAVdsmDomain_NeverReadsVdsmMetadata()
    {
        using var h = new PipelineHarness(extents: 4096);
        h.Lvm.CreateLv(Volume.ToString(), 8);
        await h.WarmAsync();

        var outcome = await RunAsync(h, 1200);

        Assert.Equal(RejectionReason.AboveCap, outcome.Rejection!.Reason); // lvx_capacity_mib=1024 x 1.1
        Assert.Equal(0, h.Vdsm.Reads);
    }
}
