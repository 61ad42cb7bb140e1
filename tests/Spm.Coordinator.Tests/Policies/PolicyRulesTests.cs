using Spm.Coordinator.Admin;
using Spm.Coordinator.Options;
using Spm.Coordinator.Policies;

namespace Spm.Coordinator.Tests.Policies;

public sealed class PolicyRulesTests
{
    [Fact]
    public void FromOptions_TakesTheConfiguredValues()
    {
        var options = new CoordinatorOptions();
        options.Extension.CapFactor = 1.25;
        options.HostLimits.RequestBurst = 7;
        var policy = PolicyRules.FromOptions(options);
        Assert.Equal(1.25, policy.CapFactor);
        Assert.Equal(7, policy.HostRequestBurst);
        Assert.Null(policy.MaxVolumeSizeMib);
        Assert.Empty(PolicyRules.Check(policy));
    }

    [Fact]
    public void Apply_ChangesOnlyTheGivenFields()
    {
        var before = PolicyRules.FromOptions(new CoordinatorOptions());
        var after = PolicyRules.Apply(before, new PolicyUpdate(CapFactor: 1.3, MaxVolumeSizeMib: 2048));
        Assert.Equal(before with { CapFactor = 1.3, MaxVolumeSizeMib = 2048 }, after);
        Assert.Null(PolicyRules.Apply(after, new PolicyUpdate(ClearMaxVolumeSize: true)).MaxVolumeSizeMib);
    }

    [Fact]
    public void Check_InvalidValues_NameEachField()
    {
        var policy = PolicyRules.Apply(PolicyRules.FromOptions(new CoordinatorOptions()), new PolicyUpdate(
            CapFactor: 0.5, MaxVolumeSizeMib: -1, HostRequestsPerSecond: 0, MailboxEventInterval: TimeSpan.FromSeconds(5),
            MailboxFullScanInterval: TimeSpan.FromSeconds(1)));
        var failures = PolicyRules.Check(policy);
        Assert.Contains(failures, f => f.StartsWith("CapFactor", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MaxVolumeSizeMib", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("HostRequestsPerSecond", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MailboxFullScanInterval", StringComparison.Ordinal));
    }
}
