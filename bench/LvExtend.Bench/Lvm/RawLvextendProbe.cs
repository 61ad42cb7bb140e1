using System.Diagnostics;
using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Lvm;

/// <summary>
/// The ceiling: <see cref="BenchVolumeGroup.ExtendLvAsync"/> (the coordinator's exact lvextend command line) in
/// a sequential loop on one LV of the same VG, one chunk at a time, nothing else in between.
/// </summary>
internal sealed class RawLvextendProbe(BenchVolumeGroup vg, int chunkMib)
{
    /// <summary>The name of the LV the probe grows.</summary>
    public const string LvName = "lvxbench-raw";

    private long _sizeMib = chunkMib;

    /// <summary>Creates the probe's LV (one chunk).</summary>
    public Task CreateAsync(CancellationToken cancellationToken) => vg.CreateLvAsync(LvName, _sizeMib, [], cancellationToken);

    /// <summary>Runs <paramref name="count"/> lvextends and summarizes them.</summary>
    public async Task<RawLvextendResult> RunAsync(int count, CancellationToken cancellationToken)
    {
        var durations = new List<double>(count);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            _sizeMib += chunkMib;
            var result = await vg.ExtendLvAsync(LvName, _sizeMib, cancellationToken);
            durations.Add(result.Duration.TotalMilliseconds);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new RawLvextendResult(count, elapsed.TotalSeconds, count > 0 ? count / elapsed.TotalSeconds : 0, Distribution.Of(durations), durations);
    }
}
