using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>
/// The pool's domains (from the configuration) and the devices LVM is restricted to for each: the
/// configured PVs plus those added since (persisted in PostgreSQL, merged at start and at every term).
/// </summary>
internal sealed class DomainRegistry
{
    private readonly FrozenDictionary<Guid, DomainInfo> _domains;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, string[]> _devices = [];

    public DomainRegistry(IOptions<CoordinatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var domains = options.Value.Domains;
        _domains = domains.ToFrozenDictionary(d => d.DomainId, d => new DomainInfo(d.DomainId, d.EffectiveVgName, d.MaxVolumeSizeMib) { UnknownCapacity = d.EffectiveUnknownCapacity ?? UnknownCapacityPolicy.Refuse });
        All = [.. domains.Select(d => _domains[d.DomainId])];
        foreach (var domain in domains)
        {
            _devices[domain.DomainId] = [.. domain.PhysicalVolumes.Distinct(StringComparer.Ordinal)];
        }

        Registrations = [.. domains.Select(d => new DomainRegistration(d.DomainId, d.EffectiveVgName, [.. d.PhysicalVolumes], d.MaxVolumeSizeMib))];
    }

    /// <summary>Every domain, in configuration order.</summary>
    public IReadOnlyList<DomainInfo> All { get; }

    /// <summary>The domains as the store registers them.</summary>
    public IReadOnlyList<DomainRegistration> Registrations { get; }

    public bool TryGet(Guid domainId, [NotNullWhen(true)] out DomainInfo? domain) => _domains.TryGetValue(domainId, out domain);

    /// <summary>The devices LVM commands on this domain's VG are restricted to.</summary>
    public IReadOnlyList<string> DevicesOf(Guid domainId)
    {
        lock (_gate)
        {
            return _devices.TryGetValue(domainId, out var devices) ? devices : [];
        }
    }

    /// <summary>Adds devices (persisted ones at start, or after AddPhysicalVolume); configured ones stay.</summary>
    public void MergeDevices(Guid domainId, IEnumerable<string> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (!_domains.ContainsKey(domainId))
        {
            return;
        }

        lock (_gate)
        {
            var current = _devices[domainId];
            _devices[domainId] = [.. current.Concat(devices).Distinct(StringComparer.Ordinal)];
        }
    }
}
