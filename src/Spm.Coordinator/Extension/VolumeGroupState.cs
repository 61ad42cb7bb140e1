using System.Collections.Concurrent;
using System.Collections.Immutable;
using LvExtend.Lvm.Vdsm;
using Shared.Mailbox;
using Spm.Coordinator.Lvm;
using Spm.Coordinator.Store;
using Spm.Coordinator.Telemetry;
using Spm.Coordinator.Vdsm;

namespace Spm.Coordinator.Extension;

/// <summary>
/// What the leader knows about one VG during a term: the VG (free extents), its LVs (the leader is the
/// only writer of the metadata, so the cache is exact after its own lvextends), the volume registry, and
/// the requests waiting for space (oldest first). The VG worker validates; its extensions (up to
/// <c>Lvm:ConcurrentExtends</c> at once) apply their results from their own threads, under one lock, and hold their
/// extents reserved while lvextend runs. Admission (the mailbox thread) reads the LV snapshot and the waiting ids,
/// which are published atomically.
/// </summary>
internal sealed partial class VolumeGroupState
{
    /// <summary>An unknown LV causes at most one <c>lvs</c> per this period; in between it is refused from the cache.</summary>
    public static readonly TimeSpan LvCacheMaxAge = TimeSpan.FromSeconds(1);

    private readonly ILvm _lvm;
    private readonly DomainRegistry _domains;
    private readonly CoordinatorInstruments _instruments;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<Guid, VolumeRecord> _registry = new();
    private readonly List<WaitingRequest> _waiting = [];
    private readonly ConcurrentDictionary<MessageId, WaitingRequest> _waitingIds = new();
    // Immutable, so the mailbox thread's admission reads it without a lock; one extension updates it in O(log n)
    // between lvextend and the reply (a FrozenDictionary rebuilt per extension sat there: with 1,000 LVs the bench's
    // "coordinator between phases" was 2.0 ms p50, against 0.5 ms with 200).
    private volatile ImmutableDictionary<string, LvInfo> _lvs = ImmutableDictionary<string, LvInfo>.Empty.WithComparers(StringComparer.Ordinal);
    private long _lvsReadAt;
    private bool _lvsRead;
    private readonly VdsmCapacityCache? _vdsm;
    private readonly HashSet<string> _loggedUnknownCapacities = new(StringComparer.Ordinal);
    private long _vgReadAt;
    private long _reservedExtents;

    /// <param name="domain">The domain.</param>
    /// <param name="lvm">LVM.</param>
    /// <param name="domains">The devices of each domain.</param>
    /// <param name="instruments">Metrics.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="vdsm">Reads vdsm's metadata when the VG is a vdsm block domain (null: such a domain's capacities are unknown).</param>
    public VolumeGroupState(
        DomainInfo domain, ILvm lvm, DomainRegistry domains, CoordinatorInstruments instruments, TimeProvider timeProvider, ILogger logger,
        IVdsmMetadataSource? vdsm = null)
    {
        _vdsm = vdsm is null ? null : new VdsmCapacityCache(vdsm, timeProvider);
        Domain = domain;
        _lvm = lvm;
        _domains = domains;
        _instruments = instruments;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public DomainInfo Domain { get; }

    /// <summary>The VG as last read and updated by our own lvextends (null until read).</summary>
    public VgInfo? Vg { get; private set; }

    /// <summary>True when the VG as last read carries <c>MDT_VERSION=4|5</c>: capacities come from vdsm's metadata.</summary>
    public bool IsVdsmDomain => Vg is { } vg && VdsmMetadataFormat.TryFromVgTags(vg.Tags, out _);

    /// <summary>vdsm metadata domain reads so far (0 when not a vdsm domain).</summary>
    public int VdsmReads => _vdsm?.Reads ?? 0;

    /// <summary>The devices LVM commands on this VG are restricted to.</summary>
    public IReadOnlyList<string> Devices => _domains.DevicesOf(Domain.DomainId);

    /// <summary>Requests waiting for space (any thread).</summary>
    public int WaitingCount => _waitingIds.Count;

    /// <summary>A copy of the waiting requests, oldest first.</summary>
    public IReadOnlyList<WaitingRequest> Waiting
    {
        get
        {
            lock (_gate)
            {
                return [.. _waiting];
            }
        }
    }

    /// <summary>Extents held by extensions whose lvextend runs (not yet in <see cref="Vg"/>'s free extents).</summary>
    public long ReservedExtents => Interlocked.Read(ref _reservedExtents);

    /// <summary>The LV name of a volume: from the registry, else the volume UUID (any thread).</summary>
    public string LvNameOf(Guid volumeId) => _registry.TryGetValue(volumeId, out var volume) ? volume.LvName : volumeId.ToString();

    /// <summary>The capacity the registry knows for a volume.</summary>
    public long? RegistryCapacityOf(Guid volumeId) => _registry.TryGetValue(volumeId, out var volume) ? volume.CapacityMib : null;

    public void Remember(VolumeRecord volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        _registry[volume.VolumeId] = volume;
    }

    /// <summary>Whether the volume's LV is known, cheaply refused, or worth one <c>lvs</c> (any thread).</summary>
    public LvLookup Lookup(Guid volumeId)
    {
        if (_lvs.ContainsKey(LvNameOf(volumeId)))
        {
            return LvLookup.Known;
        }

        return CacheIsFresh ? LvLookup.Unknown : LvLookup.NeedsRefresh;
    }

    /// <summary>Whether a request for this slot waits for space (any thread).</summary>
    public bool IsWaiting(MessageId id) => _waitingIds.ContainsKey(id);

    public bool TryGetLv(string lvName, out LvInfo lv) => _lvs.TryGetValue(lvName, out lv!);

    /// <summary>The LV from the cache; when missing, re-reads the LVs at most once per <see cref="LvCacheMaxAge"/>.</summary>
    public async Task<LvInfo?> FindLvAsync(string lvName, CancellationToken cancellationToken)
    {
        if (_lvs.TryGetValue(lvName, out var lv))
        {
            return lv;
        }

        if (CacheIsFresh)
        {
            return null;
        }

        await RefreshLvsAsync(cancellationToken);
        return _lvs.GetValueOrDefault(lvName);
    }

    /// <summary>Extents needed to grow an LV of <paramref name="currentBytes"/> to <paramref name="targetBytes"/>.</summary>
    public long ExtentsNeeded(long currentBytes, long targetBytes)
    {
        var extent = Vg?.ExtentSizeBytes ?? 1;
        return Math.Max(0, (targetBytes - currentBytes + extent - 1) / extent);
    }

    /// <summary>
    /// Whether the cached free extents, less those reserved by running extensions, cover the growth (true when the VG
    /// was never read).
    /// </summary>
    public bool Fits(long currentBytes, long targetBytes) =>
        Vg is not { } vg || ExtentsNeeded(currentBytes, targetBytes) <= vg.FreeExtents - ReservedExtents;

    /// <summary>Holds <paramref name="extents"/> for an extension about to run lvextend (<see cref="Fits"/> counts them as used).</summary>
    public void Reserve(long extents) => Interlocked.Add(ref _reservedExtents, extents);

    /// <summary>Gives back what <see cref="Reserve"/> held, once the lvextend ended (applied or not).</summary>
    public void Release(long extents) => Interlocked.Add(ref _reservedExtents, -extents);

    /// <summary>Our own lvextend succeeded: the LV has <paramref name="targetBytes"/>, the VG fewer free extents (any thread).</summary>
    public void ApplyExtension(string lvName, long targetBytes)
    {
        lock (_gate)
        {
            var before = _lvs.TryGetValue(lvName, out var cached) ? cached.SizeBytes : 0;
            if (cached is not null)
            {
                _lvs = _lvs.SetItem(lvName, cached with { SizeBytes = targetBytes });
            }

            if (Vg is { } vg && targetBytes > before)
            {
                var used = (targetBytes - before + vg.ExtentSizeBytes - 1) / vg.ExtentSizeBytes;
                // lvextend commits the VG metadata once: seqno + 1, vdsm's metadata untouched.
                Vg = vg with
                {
                    FreeExtents = Math.Max(0, vg.FreeExtents - used), FreeBytes = Math.Max(0, vg.FreeBytes - (used * vg.ExtentSizeBytes)), Seqno = vg.Seqno + 1,
                };
                _vdsm?.OwnChange(vg.Seqno, vg.Seqno + 1);
                _instruments.SetVgFree(vg.Name, Vg.FreeBytes);
            }
        }
    }

    /// <summary>Reads the VG (one <c>vgs</c>); false when it cannot be read.</summary>
    public async Task<bool> RefreshVgAsync(CancellationToken cancellationToken)
    {
        var result = await _lvm.GetVgAsync(Domain.VgName, Devices, cancellationToken);
        if (!result.Succeeded)
        {
            Log.VgReadFailed(_logger, Domain.VgName, result.Error ?? "");
            return false;
        }

        lock (_gate)
        {
            Vg = result.Value!;
            _vgReadAt = _timeProvider.GetTimestamp();
            _instruments.SetVgFree(Vg.Name, Vg.FreeBytes);
        }

        return true;
    }

    /// <summary>Reads the LVs (one <c>lvs</c>); false when they cannot be read.</summary>
    public async Task<bool> RefreshLvsAsync(CancellationToken cancellationToken)
    {
        var result = await _lvm.ListLvsAsync(Domain.VgName, Devices, cancellationToken);
        if (result.Succeeded)
        {
            var read = result.Value!.ToImmutableDictionary(lv => lv.Name, StringComparer.Ordinal);
            lock (_gate)
            {
                _lvs = read;
            }
        }

        // Published after the LVs, so that admission never sees a fresh cache without them.
        Volatile.Write(ref _lvsReadAt, _timeProvider.GetTimestamp());
        Volatile.Write(ref _lvsRead, true);
        if (!result.Succeeded)
        {
            Log.VgReadFailed(_logger, Domain.VgName, result.Error ?? "");
            return false;
        }

        return true;
    }

    /// <summary>
    /// In a vdsm block domain: the capacity of <paramref name="lvName"/> from vdsm's metadata (worker only). The VG is
    /// re-read (one <c>vgs</c>) when the cached read is older than <see cref="LvCacheMaxAge"/>; when its seqno moved
    /// past the capacities', the LVs (tags) and vdsm's metadata are read again. Otherwise no lvm runs.
    /// </summary>
    public async Task<VdsmCapacityResult> VdsmCapacityOfAsync(string lvName, CancellationToken cancellationToken)
    {
        if (_vdsm is null)
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.SlotUnreadable, -1, "this coordinator has no vdsm metadata reader");
        }

        if (_timeProvider.GetElapsedTime(_vgReadAt) >= LvCacheMaxAge)
        {
            await RefreshVgAsync(cancellationToken);
        }

        if (Vg is not { } vg)
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.LvmFailed, -1, $"the VG {Domain.VgName} cannot be read");
        }

        if (_vdsm.IsStale(vg.Seqno))
        {
            await RefreshLvsAsync(cancellationToken);
        }

        if (!_lvs.TryGetValue(lvName, out var lv))
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.NoSlotTag, -1, $"no LV {Domain.VgName}/{lvName}");
        }

        return await _vdsm.GetAsync(Domain.VgName, Devices, lv, vg.Seqno, name => _lvs.GetValueOrDefault(name), cancellationToken);
    }

    /// <summary>Logs a volume whose capacity is unknown, once per volume and content (status and reason).</summary>
    public void LogUnknownCapacityOnce(Guid volumeId, string lvName, VdsmCapacityResult capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        if (_loggedUnknownCapacities.Add($"{lvName}\n{capacity.Status}\n{capacity.Reason}"))
        {
            Log.CapacityUnknown(_logger, Domain.VgName, lvName, volumeId, capacity.Status, capacity.Reason, Domain.UnknownCapacity);
        }
    }

    public void AddWaiting(WaitingRequest waiting)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        lock (_gate)
        {
            _waiting.Add(waiting);
            _waitingIds[waiting.Request.Id] = waiting;
            _instruments.SetWaiting(Domain.VgName, _waiting.Count);
        }
    }

    public void RemoveWaiting(WaitingRequest waiting)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        lock (_gate)
        {
            _waiting.Remove(waiting);
            _waitingIds.TryRemove(new KeyValuePair<MessageId, WaitingRequest>(waiting.Request.Id, waiting));
            _instruments.SetWaiting(Domain.VgName, _waiting.Count);
        }
    }

    /// <summary>The waiting request of a slot, if any.</summary>
    public WaitingRequest? FindWaiting(MessageId id)
    {
        lock (_gate)
        {
            return _waiting.Find(w => w.Request.Id == id);
        }
    }

    /// <summary>Forgets the waiting requests (the term ended; the next leader finds them in the mailbox).</summary>
    public void ClearWaiting()
    {
        lock (_gate)
        {
            _waiting.Clear();
            _waitingIds.Clear();
            _instruments.SetWaiting(Domain.VgName, 0);
        }
    }

    private bool CacheIsFresh => Volatile.Read(ref _lvsRead) && _timeProvider.GetElapsedTime(Volatile.Read(ref _lvsReadAt)) < LvCacheMaxAge;
}
