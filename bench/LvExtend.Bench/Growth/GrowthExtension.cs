namespace LvExtend.Bench.Growth;

/// <summary>One extension of the growth phase (warm-up included), for the JSON report's trace.</summary>
/// <param name="Policy">Fixed or adaptive.</param>
/// <param name="RateMibps">The volume's write rate.</param>
/// <param name="Volume">The volume's index within its rate and policy.</param>
/// <param name="AtSeconds">When the threshold was crossed, seconds since the phase started (the warm-up lasts until WarmUpSeconds).</param>
/// <param name="Ms">Threshold crossed to LV refreshed.</param>
/// <param name="FreeMib">Allocated beyond the watermark when the threshold was crossed (the headroom in effect).</param>
/// <param name="ChunkMib">What the LV grew by.</param>
/// <param name="PausedSeconds">How long the guest stood still waiting for this extension (0: no pause).</param>
internal sealed record GrowthExtension(
    GrowthPolicyKind Policy,
    double RateMibps,
    int Volume,
    double AtSeconds,
    double Ms,
    double FreeMib,
    double ChunkMib,
    double PausedSeconds);
