namespace LvExtend.TestSupport.Coordinator;

/// <summary>One storage domain a coordinator serves (<c>Coordinator:Domains:N:*</c>).</summary>
/// <param name="DomainId">The domain UUID the hosts put in their requests.</param>
/// <param name="VgName">The domain's VG.</param>
/// <param name="PhysicalVolumes">The VG's PVs (the coordinator's <c>--devices</c>).</param>
public sealed record CoordinatorDomain(Guid DomainId, string VgName, IReadOnlyList<string> PhysicalVolumes)
{
    /// <summary>The largest volume size the domain accepts, in MiB (null: the coordinator's default).</summary>
    public long? MaxVolumeSizeMib { get; init; }

    /// <summary>What to do with a vdsm volume without a readable capacity (<c>Refuse</c>, <c>DomainMaximum</c>; null: the default).</summary>
    public string? UnknownCapacity { get; init; }
}
