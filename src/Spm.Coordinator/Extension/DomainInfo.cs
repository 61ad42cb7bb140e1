namespace Spm.Coordinator.Extension;

/// <summary>A storage domain of the pool: its VG and the ceiling on its LVs.</summary>
internal sealed record DomainInfo(Guid DomainId, string VgName, long MaxVolumeSizeMib);
