namespace Hsm.Agent.Options;

/// <summary>How LVs are activated and refreshed on this host.</summary>
internal enum ActivationBackend
{
    /// <summary><c>lvchange --refresh</c> through device-mapper (production hosts).</summary>
    Lvm = 0,

    /// <summary>A loop device per LV over a sparse backing file, sized from the real LVM metadata (hosts without device-mapper).</summary>
    Loop = 1,
}
