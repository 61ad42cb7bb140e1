using System.Collections.Frozen;
using LvExtend.Lvm.Vdsm;
using Spm.Coordinator.Lvm;

namespace Spm.Coordinator.Vdsm;

/// <summary>
/// The capacities of a vdsm block domain's volumes, read from vdsm's metadata (one domain read) and kept per volume
/// with the LV tags and the VG seqno they were read at. An entry is used while the VG's seqno is not newer and the
/// LV's tags are unchanged; otherwise the domain is read again (a failed read is retried at most once per
/// <see cref="RetryInterval"/>). Used by one VG worker only.
/// </summary>
internal sealed class VdsmCapacityCache
{
    /// <summary>A failed domain read (or a volume the last read did not cover) is retried at most this often.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly IVdsmMetadataSource _source;
    private readonly TimeProvider _timeProvider;
    private FrozenDictionary<string, Entry> _entries = FrozenDictionary<string, Entry>.Empty;
    private long _lastReadAt;
    private bool _everRead;
    private string? _failure;
    private VdsmCapacityStatus _failureStatus;

    public VdsmCapacityCache(IVdsmMetadataSource source, TimeProvider timeProvider)
    {
        _source = source;
        _timeProvider = timeProvider;
    }

    /// <summary>The VG seqno the entries were read at (null before the first successful read).</summary>
    public long? SeqNo { get; private set; }

    /// <summary>Domain reads so far (tests, logs).</summary>
    public int Reads { get; private set; }

    /// <summary>True when the entries are older than <paramref name="vgSeqNo"/> (the VG changed since they were read).</summary>
    public bool IsStale(long vgSeqNo) => SeqNo is not { } seqNo || seqNo < vgSeqNo;

    /// <summary>Our own lvextend moved the seqno from <paramref name="before"/> to <paramref name="after"/>: vdsm's metadata is unchanged.</summary>
    public void OwnChange(long before, long after)
    {
        if (SeqNo == before)
        {
            SeqNo = after;
        }
    }

    /// <summary>
    /// The capacity of <paramref name="lv"/>: from the cache when it was read at <paramref name="vgSeqNo"/> or later
    /// with the LV's current tags, else after one domain read (bounded by <see cref="RetryInterval"/>).
    /// </summary>
    /// <param name="vg">The VG.</param>
    /// <param name="devices">The PVs lvm is restricted to.</param>
    /// <param name="lv">The LV as cached (its tags).</param>
    /// <param name="vgSeqNo">The VG's seqno as cached.</param>
    /// <param name="lvs">The current LV cache (the tags each entry is kept with).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<VdsmCapacityResult> GetAsync(
        string vg, IReadOnlyList<string> devices, LvInfo lv, long vgSeqNo, Func<string, LvInfo?> lvs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lv);
        ArgumentNullException.ThrowIfNull(lvs);
        if (!IsStale(vgSeqNo) && _entries.TryGetValue(lv.Name, out var entry) && entry.Tags.SequenceEqual(lv.Tags, StringComparer.Ordinal))
        {
            return entry.Capacity;
        }

        if (_everRead && _timeProvider.GetElapsedTime(_lastReadAt) < RetryInterval)
        {
            return CachedAnswer(lv);
        }

        Reads++;
        _everRead = true;
        _lastReadAt = _timeProvider.GetTimestamp();
        var read = await _source.ReadDomainAsync(vg, devices, cancellationToken);
        if (!read.Succeeded)
        {
            _failure = $"reading vdsm's metadata of the VG {vg} failed: {read.Error}";
            _failureStatus = VdsmCapacityStatus.LvmFailed;
            return VdsmCapacityResult.Fail(_failureStatus, -1, _failure);
        }

        var domain = read.Value!;
        _failure = domain.IsVdsmDomain ? null : $"the VG {vg} carries no {VdsmMetadataFormat.VersionTagPrefix}4|5 tag any more";
        _failureStatus = VdsmCapacityStatus.NotVdsmDomain;
        SeqNo = domain.SeqNo;
        _entries = domain.Volumes.ToFrozenDictionary(
            v => v.Key, v => new Entry(lvs(v.Key)?.Tags ?? [], v.Value), StringComparer.Ordinal);
        return CachedAnswer(lv);
    }

    private VdsmCapacityResult CachedAnswer(LvInfo lv)
    {
        if (_failure is { } failure)
        {
            return VdsmCapacityResult.Fail(_failureStatus, -1, failure);
        }

        return _entries.TryGetValue(lv.Name, out var entry)
            ? entry.Capacity
            : VdsmCapacityResult.Fail(VdsmCapacityStatus.NoSlotTag, -1, $"the LV {lv.Name} was not in vdsm's metadata as last read (VG seqno {SeqNo})");
    }

    private sealed record Entry(IReadOnlyList<string> Tags, VdsmCapacityResult Capacity);
}
