using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Extension;

/// <summary>
/// Sizes a drive's next chunk and places its threshold from its write rate and the extension latency to plan for,
/// L = <see cref="ExtensionLatencyTracker.Estimate"/> (the recent p99 of completed extensions, or the time the oldest
/// extension in flight on the agent has run so far when that is longer):
/// <code>
/// limit    = clamp(rate x max(L x Margin, MinHeadroomTime), MinHeadroom, MaxChunk)   (free space kept above the threshold)
/// chunk    = clamp(rate x max(L x Margin, MinExtensionInterval), MinChunk, MaxChunk), rounded up to MiB
/// next     = min(round_up(physical + chunk, MiB), round_up(capacity x 1.1, MiB))   (the cap always wins)
/// threshold = max(1, physical - limit)
/// </code>
/// A writer at a steady rate r pauses when an extension takes longer than the free space at its start / r. That
/// is the headroom, unless the previous extension took longer than chunk / r: then the drive extends again at once,
/// with headroom + chunk - r x (previous duration) free. So when extensions get slower at once to L', the drive
/// keeps writing while headroom >= r x L' and headroom + chunk >= 2 x r x L': sizing both from L x Margin covers a
/// rise up to Margin x the estimate, twice in a row. The same holds for the rate rising during an extension. A
/// larger rise is seen while it lasts: once an extension of the agent has been in flight longer than the estimate,
/// the estimate is its elapsed time, and the other busy drives re-arm earlier (or extend) at their next check and
/// get larger chunks. MinHeadroomTime (2 s) and MinExtensionInterval (1 s) keep at least 2 s of headroom plus 1 s
/// of chunk when the recent extensions were fast: a quiet stretch does not leave a busy drive with the bare minimum
/// (an extension of up to 1.5 s right after it is covered, twice in a row). The space allocated but not written
/// averages about limit + chunk / 2 - r x latency; for idle and slow drives it is MinHeadroom + MinChunk / 2 at
/// most, far below a fixed 2.5 GiB policy's 2 + 1.25 GiB, which pays for the larger headroom of the fastest ones.
/// An idle drive (rate 0) gets MinChunk and MinHeadroom. Pure: no state, no clock.
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
        var wanted = rate * Math.Max(options.MinExtensionInterval.TotalSeconds, p99.TotalSeconds * options.Margin);
        var chunk = (long)Math.Clamp(Math.Ceiling(wanted / ExtensionMath.Mib), options.MinChunkMib, maxChunk / ExtensionMath.Mib) * ExtensionMath.Mib;
        var uncapped = ExtensionMath.RoundUp(checked(physicalBytes + chunk), ExtensionMath.Mib);
        var cap = ExtensionMath.MaxSize(capacityBytes);
        var next = Math.Min(uncapped, cap);
        return new ChunkDecision(chunk, limit, next, ExtensionMath.Threshold(physicalBytes, limit), rate, p99, uncapped > cap);
    }

    /// <summary>
    /// Whether an armed threshold's headroom (<paramref name="armedLimitBytes"/>: physical - threshold) is more than
    /// twice the <paramref name="limitBytes"/> wanted now, so that a check re-arms it later. (A threshold moves
    /// earlier at any rise; later only past this factor, so that the estimate's small moves do not re-arm at every
    /// check.)
    /// </summary>
    public static bool HeadroomFarTooLarge(long armedLimitBytes, long limitBytes) => armedLimitBytes > 2 * Math.Max(0, limitBytes);

    /// <summary>The free space to keep above the threshold: clamp(rate x max(L x Margin, MinHeadroomTime), MinHeadroom, MaxChunk), whole MiB.</summary>
    public static long Limit(double rateBytesPerSecond, TimeSpan extensionP99, AdaptiveGrowthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rate = double.IsFinite(rateBytesPerSecond) && rateBytesPerSecond > 0 ? rateBytesPerSecond : 0;
        var seconds = Math.Max(Math.Max(0, extensionP99.TotalSeconds) * options.Margin, options.MinHeadroomTime.TotalSeconds);
        var exposureMib = Math.Ceiling(rate * seconds / ExtensionMath.Mib);
        var maxMib = Math.Max(options.MinChunkMib, options.MaxChunkMib);
        var minMib = Math.Min(options.MinHeadroomMib, maxMib);
        return (long)Math.Clamp(exposureMib, minMib, maxMib) * ExtensionMath.Mib;
    }
}
