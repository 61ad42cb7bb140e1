namespace Spm.Coordinator.Lvm;

/// <summary>
/// The LVM operations the coordinator needs. Every command is restricted to <c>devices</c>
/// (<c>--devices</c>) and runs with <c>--driverloaded n</c>; reads use JSON reports in bytes.
/// </summary>
internal interface ILvm
{
    Task<LvmResult<VgInfo>> GetVgAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken);

    Task<LvmResult<IReadOnlyList<LvInfo>>> ListLvsAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken);

    /// <summary><c>lvextend --autobackup n --size &lt;sizeMib&gt;m vg/lv</c>, killed after <paramref name="timeout"/>.</summary>
    Task<LvmCommandResult> ExtendLvAsync(
        string vg, string lv, ulong sizeMib, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary><c>pvcreate</c> of <paramref name="device"/> (restricted to <paramref name="devices"/>, which include it).</summary>
    Task<LvmCommandResult> CreatePvAsync(string device, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary><c>vgextend --autobackup n vg device</c>.</summary>
    Task<LvmCommandResult> ExtendVgAsync(
        string vg, string device, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken);
}
