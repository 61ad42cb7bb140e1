namespace LvExtend.Bench.Simulation;

/// <summary>Which part of a run a sample belongs to.</summary>
internal enum LoadPhase
{
    /// <summary>A few extensions before the measurement starts (not reported).</summary>
    WarmUp,

    /// <summary>Watermarks growing at the set rate; latency and pauses are measured here.</summary>
    Steady,

    /// <summary>Every volume asks at the same moment; the drain rate is the throughput.</summary>
    Burst,
}
