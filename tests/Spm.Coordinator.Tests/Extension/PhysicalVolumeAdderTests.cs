using Spm.Coordinator.Admin;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Tests.Extension.Fakes;

namespace Spm.Coordinator.Tests.Extension;

/// <summary>add-pv: inspect first, store the device only after vgextend, audit every attempt with the force flag.</summary>
public sealed class PhysicalVolumeAdderTests
{
    private const string Device = "/dev/fake1";

    [Theory]
    [InlineData((int)DeviceVerdict.HasSignature, (int)AdminErrorCode.FailedPrecondition)]
    [InlineData((int)DeviceVerdict.InUseByVolumeGroup, (int)AdminErrorCode.FailedPrecondition)]
    [InlineData((int)DeviceVerdict.NotABlockDevice, (int)AdminErrorCode.FailedPrecondition)]
    [InlineData((int)DeviceVerdict.NotFound, (int)AdminErrorCode.NotFound)]
    [InlineData((int)DeviceVerdict.InvalidPath, (int)AdminErrorCode.InvalidArgument)]
    public async Task AddAsync_InspectorRefuses_NothingWrittenNothingStoredRefusalAudited(int verdictValue, int codeValue)
    {
        var verdict = (DeviceVerdict)verdictValue;
        var code = (AdminErrorCode)codeValue;
        var journal = new Journal();
        using var h = new PipelineHarness(inspector: new FakeInspector(journal, verdict, ["ext4"]));
        await h.WarmAsync();

        var result = await h.Adder.AddAsync(Device, force: false);

        Assert.Equal(code, result.Error!.Code);
        Assert.Equal((0, 0), (h.Lvm.PvcreateCalls, h.Lvm.VgextendCalls));
        Assert.Empty(h.DomainStore.DevicesOf(PipelineHarness.DomainId));
        Assert.Equal(["/dev/fake0"], h.Services.Domains.DevicesOf(PipelineHarness.DomainId));
        var audit = Assert.Single(h.DomainStore.Operations);
        Assert.Equal(("refused", false, Device), (audit.Outcome, audit.Force, audit.Device));
        Assert.Contains(verdict.ToString(), audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_NoInspectorRegistered_Refused()
    {
        using var h = new PipelineHarness();
        await h.WarmAsync();

        var result = await h.Adder.AddAsync(Device, force: true);

        Assert.False(result.Succeeded);
        Assert.Equal(0, h.Lvm.PvcreateCalls);
        Assert.Equal("refused", Assert.Single(h.DomainStore.Operations).Outcome);
    }

    [Fact]
    public async Task AddAsync_Forced_StoresTheDeviceOnlyAfterVgextendAndAuditsTheForce()
    {
        var journal = new Journal();
        using var h = new PipelineHarness(inspector: new FakeInspector(journal, DeviceVerdict.HasSignature, ["ext4"]));
        await h.WarmAsync();

        var result = await h.Adder.AddAsync(Device, force: true);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(2, h.Lvm.PvCount);
        Assert.True(h.Journal.IndexOf("vgextend") < h.Journal.IndexOf("store device"));
        Assert.Equal([Device], h.DomainStore.DevicesOf(PipelineHarness.DomainId));
        Assert.Contains(Device, h.Services.Domains.DevicesOf(PipelineHarness.DomainId));
        var audit = Assert.Single(h.DomainStore.Operations);
        Assert.Equal(("done", true), (audit.Outcome, audit.Force));
        Assert.Contains("ext4", audit.Detail, StringComparison.Ordinal);
        Assert.True(result.Value!.VgFreeBytes > 0);
    }

    [Fact]
    public async Task AddAsync_VgextendFails_DomainDeviceListUnchanged()
    {
        var journal = new Journal();
        using var h = new PipelineHarness(inspector: new FakeInspector(journal, DeviceVerdict.Usable));
        await h.WarmAsync();
        h.Lvm.FailVgextend = true;

        var result = await h.Adder.AddAsync(Device, force: false);

        Assert.Equal(AdminErrorCode.FailedPrecondition, result.Error!.Code);
        Assert.Empty(h.DomainStore.DevicesOf(PipelineHarness.DomainId));
        Assert.Equal(["/dev/fake0"], h.Services.Domains.DevicesOf(PipelineHarness.DomainId));
        Assert.Equal("failed", Assert.Single(h.DomainStore.Operations).Outcome);
    }

    [Fact]
    public async Task AddAsync_DeviceWriteFencedAfterVgextend_ReportsSuccessAndKeepsTheDeviceForTheNextTerm()
    {
        var journal = new Journal();
        using var h = new PipelineHarness(inspector: new FakeInspector(journal, DeviceVerdict.Usable));
        await h.WarmAsync();
        h.DomainStore.Fenced = true;

        var result = await h.Adder.AddAsync(Device, force: false);

        // The VG grew: the client hears so, although the term ended before the device was stored.
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(2, h.Lvm.PvCount);
        Assert.Equal(TermEndReason.LeaseLost, h.Term.EndReason);
        Assert.Empty(h.DomainStore.DevicesOf(PipelineHarness.DomainId));
        Assert.Contains(Device, h.Services.Domains.DevicesOf(PipelineHarness.DomainId));
    }
}
