using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Report;

/// <summary>The burst: every volume asked at once; how fast the coordinator drained them.</summary>
/// <param name="Requests">Requests sent.</param>
/// <param name="Extended">Extended and verified.</param>
/// <param name="DrainSeconds">First request written to the last reply seen.</param>
/// <param name="ExtensionsPerSecond">Extended / drain time: the throughput.</param>
/// <param name="RoundTripMs">Round trips (queueing included).</param>
/// <param name="LvextendMs">The coordinator's lvextend durations during the burst (audit).</param>
/// <param name="CoordinatorStepMs">Per request, validate + record + reply (audit): the coordinator's own work around lvextend.</param>
/// <param name="LvextendBusyFraction">The sum of the lvextend durations over the drain time: how close to the ceiling,
/// measured under the same conditions (unlike the raw rate, measured before the run on a shared machine).</param>
internal sealed record BurstReport(
    int Requests, int Extended, double DrainSeconds, double ExtensionsPerSecond, Distribution RoundTripMs, Distribution LvextendMs,
    Distribution CoordinatorStepMs, double LvextendBusyFraction);
