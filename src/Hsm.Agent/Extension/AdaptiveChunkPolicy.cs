using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Extension;

/// <summary>
/// Sizes a drive's next chunk and places its threshold from its write rate and the extension latency to plan for
/// (<see cref="ExtensionLatencyTracker.P99"/>). The headroom and the chunk answer different questions and are sized
/// apart:
/// <code>
/// limit    = clamp(rate x p99 x Margin, MinHeadroom, MaxChunk)            (free space kept above the threshold)
/// chunk    = clamp(rate x max(MinExtensionInterval, p99), MinChunk, MaxChunk), rounded up to MiB
/// next     = min(round_up(physical + chunk, MiB), round_up(capacity x 1.1, MiB))   (the cap always wins)
/// threshold = max(1, physical - limit)
/// </code>
/// The headroom is what protects against a pause: a writer at a steady rate r pauses only when an extension takes
/// longer than limit / r. The chunk only sets how often the drive extends: at least MinExtensionInterval of writing
/// (a busy drive does not extend back to back), and at least what the guest writes during an extension (rate x
/// p99), so that an extension adds more than is written while it runs and the next threshold lies beyond the
/// watermark. A big headroom therefore does not need an equally big chunk: the space allocated but not written
/// averages about limit + chunk / 2 - rate x latency, and a smaller chunk is what keeps it below a fixed
/// policy's. An idle drive (rate 0) gets MinChunk and MinHeadroom. Pure: no state, no clock.
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
        var wanted = rate * Math.Max(options.MinExtensionInterval.TotalSeconds, p99.TotalSeconds);
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
