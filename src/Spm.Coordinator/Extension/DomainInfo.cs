using Spm.Coordinator.Options;

namespace Spm.Coordinator.Extension;

/// <summary>A storage domain of the pool: its VG and the ceiling on its LVs.</summary>
internal sealed record DomainInfo(Guid DomainId, string VgName, long MaxVolumeSizeMib)
{
    /// <summary>In a vdsm block domain: what to do with a volume whose capacity cannot be read.</summary>
    public UnknownCapacityPolicy UnknownCapacity { get; init; } = UnknownCapacityPolicy.Refuse;
}
