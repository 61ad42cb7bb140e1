namespace LvExtend.Lvm.Vdsm;

/// <summary>
/// The most a host may grow a volume to, as vdsm's host computes it (<c>Drive.getMaxVolumeSize</c>:
/// <c>utils.round(capacity * VOLWM_COW_OVERHEAD, MiB)</c> with overhead 1.1, and
/// <c>round(n, size) = int(n + size - 1) // size * size</c>), float arithmetic included.
/// </summary>
public static class VdsmCap
{
    /// <summary>vdsm's VOLWM_COW_OVERHEAD.</summary>
    public const double CowOverhead = 1.1;

    private const long Mib = 1024 * 1024;

    /// <summary>The cap in MiB for <paramref name="capacityBytes"/>.</summary>
    public static long CapMib(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);

        // Python: int(n + size - 1) // size with n = capacity * 1.1, a float: (n + size) - 1 in double precision.
        var rounded = (long)((capacityBytes * CowOverhead) + Mib - 1);
        return rounded / Mib;
    }

    /// <summary>The cap in bytes (a whole number of MiB).</summary>
    public static long CapBytes(long capacityBytes) => CapMib(capacityBytes) * Mib;
}
