using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Lvm;

/// <summary>The raw sequential lvextend measurement.</summary>
/// <param name="Count">lvextend commands run.</param>
/// <param name="ElapsedSeconds">Wall time of the loop(s).</param>
/// <param name="RatePerSecond">Count / elapsed: the ceiling of extensions per second on this VG.</param>
/// <param name="DurationMs">Each command's duration (fork to exit).</param>
/// <param name="DurationsMs">The durations themselves (for merging).</param>
internal sealed record RawLvextendResult(int Count, double ElapsedSeconds, double RatePerSecond, Distribution DurationMs,
    [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<double> DurationsMs)
{
    /// <summary>Both measurements as one.</summary>
    public RawLvextendResult Merge(RawLvextendResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var count = Count + other.Count;
        var elapsed = ElapsedSeconds + other.ElapsedSeconds;
        List<double> durations = [.. DurationsMs, .. other.DurationsMs];
        return new RawLvextendResult(count, elapsed, elapsed > 0 ? count / elapsed : 0, Distribution.Of(durations), durations);
    }
}
