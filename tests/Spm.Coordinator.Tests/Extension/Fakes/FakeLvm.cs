using Spm.Coordinator.Lvm;

namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary>
/// An in-memory VG behind <see cref="ILvm"/>: extents, LVs, PVs; counts every command; failures on demand. lvextend
/// can be held (<see cref="HoldLvextend"/>) and may run concurrently, as lvm's do (the change itself is atomic, as
/// lvm's VG lock makes it).
/// </summary>
internal sealed class FakeLvm(Journal journal, string vgName, long extentCount, long extentSizeBytes = 4 * 1024 * 1024) : ILvm
{
    private readonly Dictionary<string, long> _lvs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _tags = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _running;
    private int _lvextendCalls;
    private int _maxRunning;

    /// <summary>vg_tags (e.g. MDT_VERSION=5 for a vdsm block domain).</summary>
    public List<string> VgTags { get; } = [];

    /// <summary>vg_seqno: every metadata change (lvextend, a tag) adds one.</summary>
    public long SeqNo { get; set; } = 1;

    /// <summary>Sets an LV's tags (instead of the default capacity tag) and bumps the seqno, as lvchange --addtag does.</summary>
    public void SetTags(string lv, params string[] tags)
    {
        _tags[lv] = tags;
        SeqNo++;
    }

    public long ExtentCount { get; private set; } = extentCount;

    public int PvCount { get; private set; } = 1;

    public int VgsCalls { get; private set; }

    public int LvsCalls { get; private set; }

    public int LvextendCalls => Volatile.Read(ref _lvextendCalls);

    /// <summary>lvextends started and not yet ended.</summary>
    public int RunningLvextends => Volatile.Read(ref _running);

    /// <summary>The most lvextends that ran at once.</summary>
    public int MaxRunningLvextends => Volatile.Read(ref _maxRunning);

    /// <summary>Awaited by each lvextend (given the LV) before it changes anything: holds it "running".</summary>
    public Func<string, Task>? HoldLvextend { get; set; }

    public int PvcreateCalls { get; private set; }

    public int VgextendCalls { get; private set; }

    /// <summary>The next lvextend exits with this code (null: it works when the extents allow).</summary>
    public int? FailNextLvextendWith { get; set; }

    public bool FailVgextend { get; set; }

    public long ExtentSizeBytes => extentSizeBytes;

    public long FreeExtents => ExtentCount - _lvs.Values.Sum(b => b / extentSizeBytes);

    public void CreateLv(string name, long sizeMib) => _lvs[name] = sizeMib * 1024 * 1024;

    public long SizeOf(string name) => _lvs[name];

    public void Grow(long extents) => ExtentCount += extents;

    public Task<LvmResult<VgInfo>> GetVgAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        VgsCalls++;
        journal.Add("vgs");
        return Task.FromResult(LvmResult<VgInfo>.Ok(new VgInfo(
            vgName, ExtentCount * extentSizeBytes, FreeExtents * extentSizeBytes, extentSizeBytes, ExtentCount, FreeExtents, SeqNo, PvCount)
        {
            Tags = [.. VgTags],
        }));
    }

    public Task<LvmResult<IReadOnlyList<LvInfo>>> ListLvsAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        LvsCalls++;
        journal.Add("lvs");
        IReadOnlyList<LvInfo> lvs = [.. _lvs.Select(kv => _tags.TryGetValue(kv.Key, out var tags)
            ? new LvInfo(kv.Key, kv.Value, tags, null)
            : new LvInfo(kv.Key, kv.Value, ["lvx_capacity_mib=1024"], 1024))];
        return Task.FromResult(LvmResult<IReadOnlyList<LvInfo>>.Ok(lvs));
    }

    public async Task<LvmCommandResult> ExtendLvAsync(
        string vg, string lv, ulong sizeMib, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lvextendCalls);
        var running = Interlocked.Increment(ref _running);
        lock (_lock)
        {
            _maxRunning = Math.Max(_maxRunning, running);
        }

        try
        {
            journal.Add($"lvextend {lv} {sizeMib}");
            if (HoldLvextend is { } hold)
            {
                await hold(lv);
            }

            lock (_lock)
            {
                if (FailNextLvextendWith is { } code)
                {
                    FailNextLvextendWith = null;
                    return new LvmCommandResult(code, "", "  Some lvm failure.\n", TimeSpan.FromMilliseconds(5), false);
                }

                var target = (((long)sizeMib * 1024 * 1024) + extentSizeBytes - 1) / extentSizeBytes * extentSizeBytes;
                var needed = (target - _lvs[lv]) / extentSizeBytes;
                if (needed > FreeExtents)
                {
                    return new LvmCommandResult(5, "", "  Insufficient free space.\n", TimeSpan.FromMilliseconds(5), false);
                }

                _lvs[lv] = Math.Max(_lvs[lv], target);
                SeqNo++;
                return new LvmCommandResult(0, "", "", TimeSpan.FromMilliseconds(50), false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task<LvmCommandResult> CreatePvAsync(string device, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PvcreateCalls++;
        journal.Add($"pvcreate {device}");
        return Task.FromResult(new LvmCommandResult(0, "", "", TimeSpan.FromMilliseconds(5), false));
    }

    public Task<LvmCommandResult> ExtendVgAsync(
        string vg, string device, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken)
    {
        VgextendCalls++;
        journal.Add($"vgextend {device}");
        if (FailVgextend)
        {
            return Task.FromResult(new LvmCommandResult(5, "", "  Cannot extend.\n", TimeSpan.FromMilliseconds(5), false));
        }

        PvCount++;
        ExtentCount += 256;
        return Task.FromResult(new LvmCommandResult(0, "", "", TimeSpan.FromMilliseconds(5), false));
    }
}
