namespace Hsm.Agent.Extension;

/// <summary>What <see cref="AdaptiveChunkPolicy"/> decided for one drive, in bytes (all multiples of 1 MiB but the threshold).</summary>
/// <param name="ChunkBytes">The chunk the rate asks for, within the min/max chunk (before the cap).</param>
/// <param name="LimitBytes">The free space to keep above the threshold (the headroom).</param>
/// <param name="NextSizeBytes">The size to request: min(physical + chunk, the cap).</param>
/// <param name="ThresholdBytes">Where to arm the write threshold for the current physical size: physical - limit, at least 1.</param>
/// <param name="RateBytesPerSecond">The write rate used.</param>
/// <param name="ExtensionP99">The extension latency estimate used (the recent p99, or longer while an extension is in flight longer).</param>
/// <param name="Capped">True when the cap (capacity x 1.1) cut the next size.</param>
internal sealed record ChunkDecision(
    long ChunkBytes,
    long LimitBytes,
    long NextSizeBytes,
    long ThresholdBytes,
    double RateBytesPerSecond,
    TimeSpan ExtensionP99,
    bool Capped);
