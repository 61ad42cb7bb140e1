using CsCheck;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Lvm;

namespace Spm.Coordinator.Tests.Extension;

public sealed class ExtendValidatorTests
{
    private const long Mib = 1024 * 1024;
    private const long Extent = 4 * Mib;
    private static readonly DomainInfo Domain = new(Guid.NewGuid(), "vg", MaxVolumeSizeMib: 10_000);

    private static CoordinatorPolicy Policy(double capFactor = 1.1, long? ceiling = null) =>
        new(capFactor, ceiling, 50, 200, 1 << 20, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1),
            TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

    private static LvInfo Lv(long sizeMib, long? capacityMib = null) => new("lv", sizeMib * Mib, [], capacityMib);

    [Fact]
    public void Decide_SizeZero_Rejects()
    {
        var decision = ExtendValidator.Decide(0, Lv(8), null, Extent, Domain, Policy());
        Assert.Equal(ExtendDecisionKind.Reject, decision.Kind);
        Assert.Contains("0", decision.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AboveDomainMaximum_Rejects()
    {
        var decision = ExtendValidator.Decide(10_001, Lv(8), null, Extent, Domain, Policy());
        Assert.Equal(ExtendDecisionKind.Reject, decision.Kind);
        Assert.Contains("maximum volume size of 10000 MiB", decision.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AbovePoolCeiling_RejectsEvenBelowDomainMaximum()
    {
        var decision = ExtendValidator.Decide(600, Lv(8), null, Extent, Domain, Policy(ceiling: 512));
        Assert.Equal(ExtendDecisionKind.Reject, decision.Kind);
        Assert.Contains("512 MiB", decision.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(112, true)] // 100 x 1.1 = 110, rounded up to 4 MiB extents = 112
    [InlineData(113, false)]
    [InlineData(110, true)]
    public void Decide_CapFromCapacityTag_AllowsUpToCapRoundedToExtents(ulong requested, bool allowed)
    {
        var decision = ExtendValidator.Decide(requested, Lv(8, capacityMib: 100), null, Extent, Domain, Policy());
        Assert.Equal(allowed ? ExtendDecisionKind.Extend : ExtendDecisionKind.Reject, decision.Kind);
        Assert.Equal(112, decision.CapMib);
    }

    [Fact]
    public void Decide_CapacityFromRegistry_WhenTheLvHasNoTag()
    {
        var decision = ExtendValidator.Decide(300, Lv(8), registryCapacityMib: 200, Extent, Domain, Policy());
        Assert.Equal(ExtendDecisionKind.Reject, decision.Kind);
        Assert.Contains("capacity 200 MiB", decision.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_TagWinsOverRegistry()
    {
        var decision = ExtendValidator.Decide(300, Lv(8, capacityMib: 1000), registryCapacityMib: 200, Extent, Domain, Policy());
        Assert.Equal(ExtendDecisionKind.Extend, decision.Kind);
    }

    [Fact]
    public void Decide_UnknownCapacity_OnlyTheMaximumApplies()
    {
        var decision = ExtendValidator.Decide(9_000, Lv(8), null, Extent, Domain, Policy());
        Assert.Equal(ExtendDecisionKind.Extend, decision.Kind);
        Assert.Null(decision.CapMib);
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(64, 10)]
    [InlineData(64, 61)] // rounds up to 64 MiB: already there
    public void Decide_LvAlreadyHasTheExtents_IsIdempotentSuccess(long lvMib, ulong requested)
    {
        var decision = ExtendValidator.Decide(requested, Lv(lvMib, 1024), null, Extent, Domain, Policy());
        Assert.Equal(ExtendDecisionKind.AlreadyLargeEnough, decision.Kind);
        Assert.Equal(0, decision.GrowthBytes);
    }

    [Fact]
    public void Decide_Extend_TargetsWholeExtents()
    {
        var decision = ExtendValidator.Decide(65, Lv(64, 1024), null, Extent, Domain, Policy());
        Assert.Equal(ExtendDecisionKind.Extend, decision.Kind);
        Assert.Equal(68 * Mib, decision.TargetBytes);
        Assert.Equal(4 * Mib, decision.GrowthBytes);
    }

    [Fact]
    public void Decide_Property_OutcomesAreConsistent()
    {
        Gen.Select(Gen.Long[1, 4096], Gen.ULong[0, 12_000], Gen.Long[1, 8000].Nullable(), Gen.Int[0, 3])
            .Sample((lvMib, requested, capacity, extentPower) =>
            {
                var extent = (1L << extentPower) * Mib;
                var lv = Lv(lvMib, capacity);
                var decision = ExtendValidator.Decide(requested, lv, null, extent, Domain, Policy());
                var target = ExtendValidator.RoundUp((long)requested * Mib, extent);
                switch (decision.Kind)
                {
                    case ExtendDecisionKind.Reject:
                        return requested == 0 || requested > 10_000 || (capacity is { } c && (long)requested > decision.CapMib);
                    case ExtendDecisionKind.AlreadyLargeEnough:
                        return requested > 0 && lv.SizeBytes >= target;
                    default:
                        return decision.TargetBytes == target && decision.TargetBytes % extent == 0
                            && decision.GrowthBytes == target - lv.SizeBytes && decision.GrowthBytes > 0
                            && (capacity is null || (long)requested <= decision.CapMib);
                }
            });
    }
}
