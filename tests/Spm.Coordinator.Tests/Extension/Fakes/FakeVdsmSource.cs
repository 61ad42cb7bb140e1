using LvExtend.Lvm;
using LvExtend.Lvm.Vdsm;
using Spm.Coordinator.Vdsm;

namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary>vdsm's metadata of a <see cref="FakeLvm"/> VG: a capacity (or a failure) per LV; counts the domain reads.</summary>
internal sealed class FakeVdsmSource(Journal journal, FakeLvm lvm) : IVdsmMetadataSource
{
    private readonly Dictionary<string, VdsmCapacityResult> _volumes = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    /// <summary>The next read fails as an lvm report would.</summary>
    public bool FailNextRead { get; set; }

    public void SetCapacity(string lv, long capacityBytes, int slot = 4) =>
        _volumes[lv] = VdsmCapacityResult.Ok(capacityBytes, slot, new VdsmSlot(new Dictionary<string, string> { ["CAP"] = $"{capacityBytes}" }));

    public void SetFailure(string lv, VdsmCapacityStatus status, string reason, int slot = 4) =>
        _volumes[lv] = VdsmCapacityResult.Fail(status, slot, reason);

    public Task<LvmQueryResult<VdsmDomainMetadata>> ReadDomainAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        Reads++;
        journal.Add("vdsm read");
        if (FailNextRead)
        {
            FailNextRead = false;
            return Task.FromResult(LvmQueryResult<VdsmDomainMetadata>.Fail("vgs failed"));
        }

        var format = VdsmMetadataFormat.TryFromVgTags(lvm.VgTags, out var f) ? f : null;
        return Task.FromResult(LvmQueryResult<VdsmDomainMetadata>.Ok(
            new VdsmDomainMetadata(vg, lvm.SeqNo, format, new Dictionary<string, VdsmCapacityResult>(_volumes, StringComparer.Ordinal))));
    }
}
