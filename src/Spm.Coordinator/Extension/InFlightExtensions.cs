namespace Spm.Coordinator.Extension;

/// <summary>
/// The extensions of one VG whose lvextend runs or is about to: at most <c>limit</c> at once and at most one per LV
/// (a second request for an LV is validated only after the first ended, so it sees the LV's new size). Used by the
/// VG worker's loop only (one flow of control); the tasks complete on other threads and never fault (the worker
/// wraps them).
/// </summary>
internal sealed class InFlightExtensions
{
    private readonly int _limit;
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <param name="limit">At most this many at once (<c>Lvm:ConcurrentExtends</c>, at least 1).</param>
    public InFlightExtensions(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
    }

    /// <summary>How many have not ended.</summary>
    public int Count
    {
        get
        {
            Reap();
            return _running.Count;
        }
    }

    /// <summary>Waits until <paramref name="lvName"/> has no extension running and fewer than the limit run.</summary>
    public async Task WaitForLaneAsync(string lvName)
    {
        while (true)
        {
            Reap();
            if (_running.TryGetValue(lvName, out var same))
            {
                await same;
                continue;
            }

            if (_running.Count < _limit)
            {
                return;
            }

            await Task.WhenAny(_running.Values);
        }
    }

    /// <summary>Tracks an extension of <paramref name="lvName"/> (after <see cref="WaitForLaneAsync"/> for that LV).</summary>
    public void Add(string lvName, Task extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        if (!extension.IsCompleted)
        {
            _running.Add(lvName, extension);
        }
    }

    /// <summary>Waits until none runs (before work that needs the VG alone: space polls, add-pv, the end of the term).</summary>
    public async Task DrainAsync()
    {
        while (Count > 0)
        {
            await Task.WhenAll(_running.Values);
        }
    }

    private void Reap()
    {
        foreach (var (lv, task) in _running)
        {
            if (task.IsCompleted)
            {
                _running.Remove(lv);
            }
        }
    }
}
