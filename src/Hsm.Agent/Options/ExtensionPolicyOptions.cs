namespace Hsm.Agent.Options;

/// <summary>When and how far to extend (section <c>Agent:Policy</c>); reloaded live from configuration.</summary>
internal sealed class ExtensionPolicyOptions
{
    public const string SectionName = "Agent:Policy";

    /// <summary>Extend when less than (100 - this)% of a chunk is left free. 0..99, default 20 (vdsm <c>volume_utilization_percent</c>).</summary>
    public int UtilizationPercent { get; set; } = 20;

    /// <summary>How much each extension adds, in MiB. Default 2560 (vdsm <c>volume_utilization_chunk_mb</c>).</summary>
    public long ChunkMib { get; set; } = 2560;

    /// <summary>
    /// The period of the fallback watermark check (query-blockstats, libvirt's domain stats) for the drives that
    /// need it: no threshold armed, threshold exceeded or an extension in flight, the VM paused on ENOSPC, or written since
    /// their last check. Default 1 s. No drive needing it: no query, no wake-up.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a drive whose threshold is armed (and that is not being written, with adaptive growth) is checked
    /// all the same, to catch a lost threshold event. Positive, at most 10 min; never closer than <see cref="CheckInterval"/>. Default 30 s.
    /// </summary>
    public TimeSpan SafetyCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay before retrying a failed extension. Default 250 ms.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the exponential retry delay. Default 2 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Rate-adaptive growth (sub-section <c>Agent:Policy:Adaptive</c>): when enabled, it sizes the chunk and the
    /// threshold instead of <see cref="ChunkMib"/> and <see cref="UtilizationPercent"/>. Validated and reloaded
    /// with the rest of the policy.
    /// </summary>
    public AdaptiveGrowthOptions Adaptive { get; set; } = new();
}
