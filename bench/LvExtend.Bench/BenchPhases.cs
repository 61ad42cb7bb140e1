namespace LvExtend.Bench;

/// <summary>The parts of the benchmark (<c>--phases</c>).</summary>
[Flags]
internal enum BenchPhases
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Latency and throughput: tuned vs the reference's timings, in interleaved rounds, lvextend measured in each run.</summary>
    Latency = 1,

    /// <summary>Fixed 2.5 GiB chunks vs the agent's rate-adaptive policy over a mix of write rates.</summary>
    Growth = 2,

    /// <summary>The coordinator's idle cost with many idle hosts.</summary>
    Idle = 4,

    /// <summary>The leader SIGKILLed under load; the standby takes over.</summary>
    Failover = 8,

    /// <summary>Everything.</summary>
    All = Latency | Growth | Idle | Failover,
}
