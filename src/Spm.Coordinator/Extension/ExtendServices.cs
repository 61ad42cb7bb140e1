using Microsoft.Extensions.Options;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Lvm;
using Spm.Coordinator.Options;
using Spm.Coordinator.Policies;
using Spm.Coordinator.Store;
using Spm.Coordinator.Telemetry;
using Spm.Coordinator.Vdsm;

namespace Spm.Coordinator.Extension;

/// <summary>The singletons the per-term VG workers share (one injection point instead of ten parameters).</summary>
internal sealed class ExtendServices(
    IOptions<CoordinatorOptions> options,
    IRequestStore requests,
    IDomainStore domainStore,
    DomainRegistry domains,
    ILvm lvm,
    HostLimiter limiter,
    PolicyService policy,
    CoordinatorInstruments instruments,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    IEnumerable<IPhysicalVolumeInspector> inspectors,
    IVdsmMetadataSource? vdsm = null)
{
    /// <summary>Reads vdsm's metadata of a vdsm block domain (null: such a domain's capacities are unknown).</summary>
    public IVdsmMetadataSource? Vdsm { get; } = vdsm;

    public CoordinatorOptions Options { get; } = options.Value;

    public IRequestStore Requests { get; } = requests;

    public IDomainStore DomainStore { get; } = domainStore;

    public DomainRegistry Domains { get; } = domains;

    public ILvm Lvm { get; } = lvm;

    public HostLimiter Limiter { get; } = limiter;

    public PolicyService Policy { get; } = policy;

    public CoordinatorInstruments Instruments { get; } = instruments;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>The device inspector add-pv must pass (null when none is registered: add-pv is then refused).</summary>
    public IPhysicalVolumeInspector? Inspector { get; } = inspectors.LastOrDefault();

    /// <summary>Most requests one host may have queued for one VG; more are refused (audited, size 0).</summary>
    public const int MaxOutstandingPerHost = 16;

    /// <summary>Admin calls and withdrawals queued ahead of hosts, per VG; more are refused (Unavailable).</summary>
    public const int PriorityCapacity = 256;
}
