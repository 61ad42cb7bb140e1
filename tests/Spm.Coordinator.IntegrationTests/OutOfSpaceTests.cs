using LvExtend.TestSupport;
using Spm.Coordinator.Admin;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>A full VG: requests wait (unanswered) and are served when a PV is added.</summary>
[Collection(LvmTestGroup.Name)]
public sealed class OutOfSpaceTests(ITestOutputHelper output)
{
    private const long Mib = 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task VgFull_RequestWaits_ThenAddPhysicalVolumeServesIt()
    {
        await using var env = await TestEnvironment.CreateAsync(pvSizeGiB: 1);
        var free = env.Vg.GetVg().FreeBytes / Mib;
        env.Vg.CreateLv("filler", free - 16); // 16 MiB left
        var volume = env.CreateVolume(sizeMib: 8, capacityMib: 4096);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output, TestDeviceInspector.AllowAll().Register);
        await coordinator.WaitForLeadershipAsync(Timeout);
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 5);

        var pending = host.Send(env.DomainId, volume, 512, CancellationToken.None);
        var waiting = await WaitForStateAsync(coordinator, volume, ExtendRequestState.WaitingForSpace);

        Assert.Contains("not enough free extents", waiting.Reason, StringComparison.Ordinal);
        Assert.False(pending.IsCompleted);
        var status = (await coordinator.Admin.GetStatusAsync(CancellationToken.None)).Value!;
        Assert.Equal(1, Assert.Single(status.VolumeGroups).WaitingRequests);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // a few free-space polls: still nothing to serve it with
        Assert.False(pending.IsCompleted);
        Assert.Equal(8 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));

        var device = env.Vg.AddPhysicalVolume(1);
        var added = await coordinator.Admin.AddPhysicalVolumeAsync(env.DomainId, device, force: false, CancellationToken.None);
        Assert.True(added.Succeeded, added.Error?.Message);
        Assert.Equal(1, added.Value!.WaitingRequests);

        var reply = await pending.WaitAsync(Timeout);
        Assert.True(reply.Succeeded);
        Assert.Equal(512 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        Assert.Equal(2, env.Vg.GetVg().PhysicalVolumeCount);
        // The host is answered first, the outcome recorded right after.
        var done = await WaitForStateAsync(coordinator, volume, ExtendRequestState.Done);
        Assert.True(done.Phases.Wait > 1.0, $"wait {done.Phases.Wait}");
        var history = (await coordinator.Admin.GetHistoryAsync(volume, 10, CancellationToken.None)).Value!;
        // The cached free extents said it could not fit: it waited without running lvextend.
        Assert.Equal([ExtendRequestState.Done, ExtendRequestState.WaitingForSpace], history.Select(h => h.State));
        status = (await coordinator.Admin.GetStatusAsync(CancellationToken.None)).Value!;
        var vg = Assert.Single(status.VolumeGroups);
        Assert.Contains(device, vg.PhysicalVolumes);
        Assert.Equal(0, vg.WaitingRequests);
    }

    [Fact]
    public async Task VgFull_HostWithdrawsTheRequest_ItIsDroppedFromWaiting()
    {
        await using var env = await TestEnvironment.CreateAsync(pvSizeGiB: 1);
        env.Vg.CreateLv("filler", (env.Vg.GetVg().FreeBytes / Mib) - 8);
        var volume = env.CreateVolume(sizeMib: 4, capacityMib: 4096);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output, TestDeviceInspector.AllowAll().Register);
        await coordinator.WaitForLeadershipAsync(Timeout);
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 6);
        using var cancel = new CancellationTokenSource();

        var pending = host.Send(env.DomainId, volume, 256, cancel.Token);
        await WaitForStateAsync(coordinator, volume, ExtendRequestState.WaitingForSpace);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        var withdrawn = await WaitForStateAsync(coordinator, volume, ExtendRequestState.Withdrawn);
        Assert.Contains("withdrew", withdrawn.Reason, StringComparison.Ordinal);
        var status = (await coordinator.Admin.GetStatusAsync(CancellationToken.None)).Value!;
        Assert.Equal(0, Assert.Single(status.VolumeGroups).WaitingRequests);

        // Space added later does not extend the withdrawn request's LV.
        var device = env.Vg.AddPhysicalVolume(1);
        Assert.True((await coordinator.Admin.AddPhysicalVolumeAsync(env.DomainId, device, force: false, CancellationToken.None)).Succeeded);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(4 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
    }

    private static async Task<ExtendRequestRecord> WaitForStateAsync(InProcessCoordinator coordinator, Guid volume, ExtendRequestState state)
    {
        var rows = await Eventually.ValueAsync(
            async () => (await coordinator.Admin.ListRequestsAsync(state, null, volume, 10, CancellationToken.None)).Value!,
            rows => rows.Count > 0,
            $"a request of volume {volume} in state {state}",
            Timeout,
            pollInterval: TimeSpan.FromMilliseconds(50));
        return rows[0];
    }
}
