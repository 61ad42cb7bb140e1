namespace LvExtend.Bench.Growth;

/// <summary>How a simulated volume of the growth phase sizes its extensions.</summary>
internal enum GrowthPolicyKind
{
    /// <summary>The reference's policy: a fixed chunk (2.5 GiB), extend when less than (100 - utilization)% of it is left.</summary>
    Fixed,

    /// <summary>The agent's rate-adaptive policy (Hsm.Agent.Extension.AdaptiveChunkPolicy with the shipped defaults).</summary>
    Adaptive,
}
