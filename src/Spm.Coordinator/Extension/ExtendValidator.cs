using Spm.Coordinator.Admin;
using Spm.Coordinator.Lvm;

namespace Spm.Coordinator.Extension;

/// <summary>
/// The rules a request must pass, as pure functions: size &gt; 0; size &lt;= the cap (capacity x factor,
/// rounded up to whole extents) when the capacity is known; size &lt;= the domain maximum and the pool-wide
/// ceiling; then idempotency (the LV already has the requested extents).
/// </summary>
internal static class ExtendValidator
{
    public const long Mib = 1024 * 1024;

    /// <param name="requestedMib">The requested size.</param>
    /// <param name="lv">The LV as last read.</param>
    /// <param name="registryCapacityMib">The capacity from the registry when the LV has no capacity tag.</param>
    /// <param name="extentSizeBytes">The VG's extent size.</param>
    /// <param name="domain">The domain (its maximum).</param>
    /// <param name="policy">The live policy (cap factor, pool-wide ceiling).</param>
    /// <param name="knownCap">A cap that replaces capacity x factor (a vdsm block domain: vdsm's own cap); then the LV tag and the registry are not used.</param>
    public static ExtendDecision Decide(
        ulong requestedMib, LvInfo lv, long? registryCapacityMib, long extentSizeBytes, DomainInfo domain, CoordinatorPolicy policy,
        VolumeCap? knownCap = null)
    {
        ArgumentNullException.ThrowIfNull(lv);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extentSizeBytes);
        if (requestedMib == 0)
        {
            return ExtendDecision.Reject(RejectionReason.SizeZero, "the requested size is 0");
        }

        var max = policy.MaxVolumeSizeMib is { } ceiling ? Math.Min(ceiling, domain.MaxVolumeSizeMib) : domain.MaxVolumeSizeMib;
        if (requestedMib > (ulong)max)
        {
            return ExtendDecision.Reject(RejectionReason.AboveMaximum, $"{requestedMib} MiB is above the maximum volume size of {max} MiB");
        }

        long? capMib = null;
        if (knownCap is { } cap)
        {
            capMib = cap.CapMib;
            if ((long)requestedMib > capMib)
            {
                return ExtendDecision.Reject(RejectionReason.AboveCap, $"{requestedMib} MiB is above the cap of {capMib} MiB ({cap.Source})", capMib);
            }
        }

        var capacity = knownCap is null ? lv.CapacityMib ?? registryCapacityMib : null;
        if (capacity is { } capacityMib)
        {
            var capBytes = RoundUp((long)Math.Ceiling(capacityMib * policy.CapFactor) * Mib, extentSizeBytes);
            capMib = capBytes / Mib;
            if ((long)requestedMib > capMib)
            {
                return ExtendDecision.Reject(
                    RejectionReason.AboveCap, $"{requestedMib} MiB is above the cap of {capMib} MiB (capacity {capacityMib} MiB x {policy.CapFactor})", capMib);
            }
        }

        var target = RoundUp((long)requestedMib * Mib, extentSizeBytes);
        return lv.SizeBytes >= target
            ? new ExtendDecision(ExtendDecisionKind.AlreadyLargeEnough, null, lv.SizeBytes, 0, capMib)
            : new ExtendDecision(ExtendDecisionKind.Extend, null, target, target - lv.SizeBytes, capMib);
    }

    /// <summary>Rounds <paramref name="bytes"/> up to a multiple of <paramref name="unit"/>.</summary>
    public static long RoundUp(long bytes, long unit) => (bytes + unit - 1) / unit * unit;
}
