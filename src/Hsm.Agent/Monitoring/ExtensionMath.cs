namespace Hsm.Agent.Monitoring;

/// <summary>
/// The sizing formulas of the reference (vdsm <c>vmdevices/storage.py</c> <c>Drive</c>), all in bytes:
/// limit = (100 - utilization)% of the chunk, threshold = physical - limit (never below 1),
/// next = min(round_up(physical + chunk, MiB), round_up(capacity x 1.1, MiB)).
/// </summary>
internal static class ExtensionMath
{
    /// <summary>2^20 bytes.</summary>
    public const long Mib = 1L << 20;

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <paramref name="step"/>.</summary>
    public static long RoundUp(long value, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        return checked((value + step - 1) / step * step);
    }

    /// <summary>The free space that must stay ahead of the watermark: (100 - percent)% of the chunk, at least 1 byte.</summary>
    public static long WatermarkLimit(long chunkBytes, int utilizationPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(utilizationPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utilizationPercent, 100);
        return Math.Max(1, checked((100 - utilizationPercent) * chunkBytes) / 100);
    }

    /// <summary>The write threshold armed on the protocol node: physical - limit, never below 1 (0 would disable it).</summary>
    public static long Threshold(long physical, long limit) => Math.Max(1, physical - limit);

    /// <summary>The largest size a volume may get: round_up(capacity x 1.1, MiB) (qcow2 metadata overhead).</summary>
    public static long MaxSize(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var scaled = checked(capacity * 11);
        return RoundUp((scaled + 9) / 10, Mib);
    }

    /// <summary>The size to request: min(round_up(physical + chunk, MiB), MaxSize(capacity)).</summary>
    public static long NextSize(long physical, long capacity, long chunkBytes) =>
        Math.Min(RoundUp(checked(physical + chunkBytes), Mib), MaxSize(capacity));

    /// <summary>True while the volume is below its maximum size.</summary>
    public static bool CanExtend(long physical, long capacity) => physical < MaxSize(capacity);

    /// <summary>True when less than <paramref name="limit"/> bytes are left above the watermark.</summary>
    public static bool NeedsExtend(long physical, long watermark, long limit) => physical - watermark < limit;

    /// <summary>A watermark beyond the next size cannot come from normal writes (corrupt image or wrong mapping).</summary>
    public static bool IsImprobable(long watermark, long nextSize) => watermark > nextSize;
}
