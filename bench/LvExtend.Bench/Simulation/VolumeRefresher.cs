using LvExtend.Bench.Lvm;

namespace LvExtend.Bench.Simulation;

/// <summary>
/// The simulated hosts' LV refresh: the LV's size read from the real LVM metadata on the PV, what the agent's
/// loop backend does (one <c>lvs</c> per refresh, a fork each). Without locking by default: the simulated hosts
/// stand for other machines, whose local LVM locks would not block the coordinator's lvextend. Reads again
/// (after 20 ms) while the metadata still shows less than was granted; at most 16 forks at once.
/// </summary>
internal sealed class VolumeRefresher(BenchVolumeGroup vg, bool locking) : IDisposable
{
    private const int MaxReads = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);
    private readonly SemaphoreSlim _forks = new(16, 16);

    /// <summary>Reads the LV's size until it is at least <paramref name="expectedBytes"/>; returns the last size and the reads.</summary>
    public async Task<(long SizeBytes, int Reads)> RefreshAsync(string lv, long expectedBytes, CancellationToken cancellationToken)
    {
        long size = 0;
        for (var reads = 1; ; reads++)
        {
            await _forks.WaitAsync(cancellationToken);
            try
            {
                size = await vg.ReadLvSizeAsync(lv, locking, cancellationToken);
            }
            finally
            {
                _forks.Release();
            }

            if (size >= expectedBytes || reads == MaxReads)
            {
                return (size, reads);
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    public void Dispose() => _forks.Dispose();
}
