namespace Hsm.Agent.Options;

/// <summary>
/// Rate-adaptive growth (section <c>Agent:Policy:Adaptive</c>): each drive's next chunk and threshold follow its
/// measured write rate and the extension latency estimate (the recent p99 of extension durations, or the time the
/// oldest extension in flight on the agent has run when that is longer), instead of the fixed
/// <see cref="ExtensionPolicyOptions.ChunkMib"/>. The headroom left above the threshold covers what the guest
/// writes while an extension runs (rate x max(estimate x <see cref="Margin"/>, <see cref="MinHeadroomTime"/>)), never
/// less than <see cref="MinHeadroomMib"/>; the chunk covers <see cref="MinExtensionInterval"/> of writing and what is written
/// during an extension (rate x estimate x <see cref="Margin"/>), within <see cref="MinChunkMib"/>..<see cref="MaxChunkMib"/>; the cap
/// (capacity x 1.1) always wins. Reloaded live with the rest of the policy. docs/agent.md gives the reasoning
/// behind the defaults.
/// </summary>
internal sealed class AdaptiveGrowthOptions
{
    public const string SectionName = "Agent:Policy:Adaptive";

    /// <summary>Whether the adaptive policy sizes the chunks; false: the fixed chunk and utilization. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The smallest chunk, in MiB (what an idle or slow drive gets): bounds the extensions of slow writers and the LV
    /// segments they add to the VG metadata. Default 1024.
    /// </summary>
    public long MinChunkMib { get; set; } = 1024;

    /// <summary>The largest chunk, in MiB. Default 16384 (16 GiB).</summary>
    public long MaxChunkMib { get; set; } = 16384;

    /// <summary>
    /// The least free space kept above the threshold, in MiB, whatever the measured rate: what protects a drive that
    /// goes from idle to a burst before its rate is measured (1024 MiB covers 0.5 s at 2 GiB/s). Default 1024.
    /// </summary>
    public long MinHeadroomMib { get; set; } = 1024;

    /// <summary>
    /// Headroom and chunk = rate x extension latency estimate x this (or <see cref="MinHeadroomTime"/>,
    /// <see cref="MinExtensionInterval"/>): covers extensions up to this many times the recent p99 (with up to 100
    /// samples, the longest), two in a row, or the rate rising that much during one; a slowdown beyond it raises the
    /// estimate while the slow extension is still in flight. 1..100. Default 1.75.
    /// </summary>
    public double Margin { get; set; } = 1.75;

    /// <summary>
    /// The least writing time the headroom covers at a drive's rate, whatever the recent extensions took: a busy
    /// drive keeps rate x this free even after a quiet stretch of fast extensions (p99 x Margin below it), so that
    /// the machine or the coordinator getting slower again is covered up to this long before the tracker has seen
    /// it (the fixed 2.5 GiB policy covers 1 s at 2 GiB/s). 0..1 min. Default 2 s.
    /// </summary>
    public TimeSpan MinHeadroomTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A busy drive's chunk covers at least this much writing at its rate: at most one extension per drive per this
    /// interval (the fixed 2.5 GiB policy extends every 1.25 s at 2 GiB/s). Default 1 s.
    /// </summary>
    public TimeSpan MinExtensionInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The extension latency assumed while none was measured (the agent's first extension); dropped at the first
    /// measured one. Default 1 s.
    /// </summary>
    public TimeSpan InitialExtensionLatency { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While fewer than <see cref="MinLatencySamples"/> (N) extensions are known, the latency planned for is the
    /// longest seen times a factor decaying linearly from this (one sample) to 1 (N samples). 1..100. Default 2.
    /// </summary>
    public double BootstrapLatencyFactor { get; set; } = 2.0;

    /// <summary>Extension durations kept for the p99 (the newest). Default 128.</summary>
    public int LatencySamples { get; set; } = 128;

    /// <summary>From this many measured extensions on, the p99 is used as it is (see <see cref="BootstrapLatencyFactor"/>). Default 8.</summary>
    public int MinLatencySamples { get; set; } = 8;

    /// <summary>
    /// Extension durations older than this are forgotten: a burst of slow extensions (the agent's start, a load
    /// spike) stops inflating every busy drive's headroom and chunk this long after it; <see cref="MinHeadroomTime"/>
    /// and the extensions in flight (a slowdown that returns shows in them before they complete) cover what the
    /// window forgot. The newest <see cref="MinLatencySamples"/> are kept whatever their age (a quiet pool, or one
    /// busy drive, plans from its last few extensions, not from the start-up estimate). Default 10 s.
    /// </summary>
    public TimeSpan LatencyWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time constant of the rate estimate's decay when a drive writes less (idle drives shrink). Default 60 s.</summary>
    public TimeSpan RateDecayTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Allocation samples closer than this are merged into one interval (no rate from a tiny interval). Default 50 ms.</summary>
    public TimeSpan MinSampleInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The highest plausible write rate in MiB/s: faster intervals (the allocation jumped) count as this. Default 8192.</summary>
    public double MaxRateMibps { get; set; } = 8192;
}
