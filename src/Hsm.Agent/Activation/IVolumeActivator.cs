namespace Hsm.Agent.Activation;

/// <summary>
/// Makes LVs usable on this host and keeps the host's view of their size current. Every method is
/// idempotent. Failures throw <see cref="VolumeActivationException"/>.
/// </summary>
internal interface IVolumeActivator
{
    /// <summary>Activates the LV (again: no-op when active) and returns its device path <c>&lt;root&gt;/&lt;vg&gt;/&lt;lv&gt;</c>.</summary>
    Task<string> ActivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken);

    /// <summary>Brings the active device to the LV's size in the LVM metadata (after an lvextend elsewhere); returns the new size in bytes.</summary>
    Task<long> RefreshAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken);

    /// <summary>The active device's size in bytes as this host sees it (BLKGETSIZE64).</summary>
    Task<long> GetSizeAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken);

    /// <summary>Deactivates the LV (no-op when inactive).</summary>
    Task DeactivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken);
}
