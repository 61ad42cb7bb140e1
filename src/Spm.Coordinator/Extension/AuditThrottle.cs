namespace Spm.Coordinator.Extension;

/// <summary>
/// Rate-limits audit rows per host and kind (unknown opcodes, rate-limit refusals): a few rows per second
/// are written one by one, the rest are counted and written later as one summary row per host and kind
/// ("N more ..."). Nothing is dropped silently: every event is either its own row or in a count.
/// Thread-safe.
/// </summary>
internal sealed class AuditThrottle(double rowsPerSecond, int burst, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int HostId, string Kind), (TokenBucket Bucket, long Suppressed)> _entries = [];

    /// <summary>True when this event gets its own row; otherwise it is counted for the next summary.</summary>
    public bool TryRecord(int hostId, string kind)
    {
        lock (_gate)
        {
            var key = (hostId, kind);
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = (new TokenBucket(burst, timeProvider), 0);
            }

            var allowed = entry.Bucket.TryTake(1, burst, rowsPerSecond);
            _entries[key] = allowed ? entry : (entry.Bucket, entry.Suppressed + 1);
            return allowed;
        }
    }

    /// <summary>Takes the counts of events not recorded one by one since the last call.</summary>
    public IReadOnlyList<(int HostId, string Kind, long Count)> TakeSuppressed()
    {
        lock (_gate)
        {
            var taken = new List<(int, string, long)>();
            foreach (var (key, entry) in _entries.ToList())
            {
                if (entry.Suppressed > 0)
                {
                    taken.Add((key.HostId, key.Kind, entry.Suppressed));
                    _entries[key] = (entry.Bucket, 0);
                }
            }

            return taken;
        }
    }
}
