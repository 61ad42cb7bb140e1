using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Extension;

/// <summary>
/// Sizes a drive's next chunk and places its threshold from its write rate and the recent extension p99:
/// <code>
/// exposure = rate x p99 x Margin                       (what the guest writes while an extension runs, with margin)
/// limit    = clamp(exposure, MinHeadroom, MaxChunk)     (free space kept above the threshold)
/// chunk    = clamp(max(rate x MinExtensionInterval, limit), MinChunk, MaxChunk), rounded up to MiB
/// next     = min(round_up(physical + chunk, MiB), round_up(capacity x 1.1, MiB))   (the cap always wins)
/// threshold = max(1, physical - limit)
/// </code>
/// A writer at a steady rate r pauses only when an extension takes longer than limit / r; the chunk is at least the
/// limit, so the next threshold is beyond the watermark when an extension completes within its p99, and at least
/// MinExtensionInterval of writing, so that a busy drive does not extend back to back. An idle drive (rate 0) gets
/// MinChunk and MinHeadroom. Pure: no state, no clock.
/// </summary>
internal static class AdaptiveChunkPolicy
{
    /// <summary>Decides for a drive of <paramref name="physicalBytes"/> and virtual <paramref name="capacityBytes"/>.</summary>
    public static ChunkDecision Decide(
        long physicalBytes, long capacityBytes, double rateBytesPerSecond, TimeSpan extensionP99, AdaptiveGrowthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(physicalBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        var rate = double.IsFinite(rateBytesPerSecond) && rateBytesPerSecond > 0 ? rateBytesPerSecond : 0;
        var p99 = extensionP99 > TimeSpan.Zero ? extensionP99 : TimeSpan.Zero;
        var minChunk = options.MinChunkMib * ExtensionMath.Mib;
        var maxChunk = Math.Max(minChunk, options.MaxChunkMib * ExtensionMath.Mib);
        var limit = Limit(rate, p99, options);
        var wanted = Math.Max(rate * options.MinExtensionInterval.TotalSeconds, limit);
        var chunk = (long)Math.Clamp(Math.Ceiling(wanted / ExtensionMath.Mib), options.MinChunkMib, maxChunk / ExtensionMath.Mib) * ExtensionMath.Mib;
        var uncapped = ExtensionMath.RoundUp(checked(physicalBytes + chunk), ExtensionMath.Mib);
        var cap = ExtensionMath.MaxSize(capacityBytes);
        var next = Math.Min(uncapped, cap);
        return new ChunkDecision(chunk, limit, next, ExtensionMath.Threshold(physicalBytes, limit), rate, p99, uncapped > cap);
    }

    /// <summary>The free space to keep above the threshold: clamp(rate x p99 x Margin, MinHeadroom, MaxChunk), whole MiB.</summary>
    public static long Limit(double rateBytesPerSecond, TimeSpan extensionP99, AdaptiveGrowthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rate = double.IsFinite(rateBytesPerSecond) && rateBytesPerSecond > 0 ? rateBytesPerSecond : 0;
        var seconds = Math.Max(0, extensionP99.TotalSeconds);
        var exposureMib = Math.Ceiling(rate * seconds * options.Margin / ExtensionMath.Mib);
        var maxMib = Math.Max(options.MinChunkMib, options.MaxChunkMib);
        var minMib = Math.Min(options.MinHeadroomMib, maxMib);
        return (long)Math.Clamp(exposureMib, minMib, maxMib) * ExtensionMath.Mib;
    }
}
