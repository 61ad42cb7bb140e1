using Hsm.Agent.Libvirt;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using Hsm.Agent.Tests.Fakes;
using Hsm.Agent.Tests.Monitoring;

namespace Hsm.Agent.Tests.Libvirt;

/// <summary>Event routing of one libvirt domain to the shared drive monitor (fakes; the real libvirtd runs in the integration tests).</summary>
public sealed class LibvirtDomainMonitorTests : IAsyncDisposable
{
    private const long Mib = DriveMonitorHarness.Mib;
    private readonly DriveMonitorHarness _h = new(1024 * Mib, 8192 * Mib);
    private readonly TestMeterFactory _meters = new();
    private readonly LibvirtDisk _disk = new("block", "disk", "qcow2", "/dev/vg1/lv", "vda", 1, false);
    private readonly LibvirtDomainMonitor _domain;

    public LibvirtDomainMonitorTests()
    {
        _domain = new LibvirtDomainMonitor("uuid-1", "vm1", "qemu:///system", [(_h.Monitor, _disk)], new AgentInstruments(_meters));
    }

    [Fact]
    public async Task OnBlockThreshold_IndexedTargetOfAnArmedDrive_MarksItExceeded()
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        Assert.True(_domain.OnBlockThreshold("vda[1]", 512 * Mib, 4 * Mib));

        Assert.Equal(DriveState.Exceeded, _h.Monitor.State);
        Assert.False(_domain.OnBlockThreshold("vdb[1]", 1, 1));
    }

    [Fact]
    public async Task OnIoError_Enospc_CountsOnePauseAndExtendsUrgently_ResumedEventCountsTheResume()
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        Assert.True(_domain.OnIoError("/dev/vg1/lv", "virtio-disk0", action: 1, reason: "enospc"));
        Assert.True(_domain.OnIoError("/dev/vg1/lv", "virtio-disk0", action: 1, reason: "enospc"));
        var paused = _domain.Snapshot();
        _domain.OnLifecycle(lifecycleEvent: 4, detail: 0);
        var resumed = _domain.Snapshot();

        Assert.Equal(DriveState.Exceeded, _h.Monitor.State);
        Assert.Equal((true, 1L, "io-error", VmSourceKind.Libvirt), (paused.PausedOnNoSpace, paused.Pauses, paused.RunStatus, paused.Source));
        Assert.Equal((false, 1L, "running"), (resumed.PausedOnNoSpace, resumed.Resumes, resumed.RunStatus));
    }

    [Fact]
    public async Task OnIoError_NotEnospc_Ignored()
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        Assert.False(_domain.OnIoError("/dev/vg1/lv", "virtio-disk0", action: 1, reason: string.Empty));

        Assert.Equal(DriveState.Set, _h.Monitor.State);
        Assert.Equal(0, _domain.Snapshot().Pauses);
    }

    [Fact]
    public async Task OnConnection_BackAfterALoss_ArmedDriveIsRearmedAtTheNextCheck()
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        _domain.OnConnection(false, "libvirt connection lost");
        Assert.Equal(VmConnectionState.Disconnected, _domain.Snapshot().Connection);
        _domain.OnConnection(true, null);
        Assert.Equal(DriveState.Unset, _h.Monitor.State);
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        Assert.Equal(DriveState.Set, _h.Monitor.State);
        Assert.Equal(2, _h.Vm.Thresholds.Count);
        Assert.Equal(VmConnectionState.Connected, _domain.Snapshot().Connection);
    }

    [Fact]
    public void OnState_PausedOnIoErrorAtDiscovery_ExtendsAtOnce_OperatorPauseDoesNot()
    {
        _domain.OnState(new LibvirtDomainState(3, 1));
        Assert.Equal(DriveState.Unset, _h.Monitor.State);
        Assert.Equal("paused", _domain.Snapshot().RunStatus);

        _domain.OnState(new LibvirtDomainState(3, 5));

        Assert.Equal(DriveState.Exceeded, _h.Monitor.State);
        Assert.Equal(1, _domain.Snapshot().Pauses);
    }

    public async ValueTask DisposeAsync()
    {
        await _h.DisposeAsync();
        _meters.Dispose();
    }
}
