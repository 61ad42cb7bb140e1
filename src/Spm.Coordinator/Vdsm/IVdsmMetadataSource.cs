using LvExtend.Lvm;
using LvExtend.Lvm.Vdsm;

namespace Spm.Coordinator.Vdsm;

/// <summary>
/// Reads a vdsm block domain's volume capacities from vdsm's own metadata (read-only: the VG tags, the LV tags and
/// the <c>metadata</c> LV's slots through the PVs with direct I/O; see <see cref="VdsmMetadataReader"/>).
/// </summary>
internal interface IVdsmMetadataSource
{
    /// <summary>Every volume's capacity in <paramref name="vg"/>, or a failure when an lvm report failed.</summary>
    Task<LvmQueryResult<VdsmDomainMetadata>> ReadDomainAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken);
}
