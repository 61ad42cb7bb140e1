using Spm.Coordinator.Admin;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Policies;

/// <summary>Builds and checks <see cref="CoordinatorPolicy"/> values.</summary>
internal static class PolicyRules
{
    /// <summary>The policy the configuration describes (used until one is stored).</summary>
    public static CoordinatorPolicy FromOptions(CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CoordinatorPolicy(
            options.Extension.CapFactor,
            null,
            options.HostLimits.RequestsPerSecond,
            options.HostLimits.RequestBurst,
            options.HostLimits.GrowthBudgetMib,
            options.HostLimits.GrowthWindow,
            options.Extension.SpacePollInterval,
            options.Mailbox.EventInterval,
            options.Mailbox.FullScanInterval);
    }

    /// <summary>Applies a partial update.</summary>
    public static CoordinatorPolicy Apply(CoordinatorPolicy current, PolicyUpdate update)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(update);
        return new CoordinatorPolicy(
            update.CapFactor ?? current.CapFactor,
            update.ClearMaxVolumeSize ? null : update.MaxVolumeSizeMib ?? current.MaxVolumeSizeMib,
            update.HostRequestsPerSecond ?? current.HostRequestsPerSecond,
            update.HostRequestBurst ?? current.HostRequestBurst,
            update.HostGrowthBudgetMib ?? current.HostGrowthBudgetMib,
            update.HostGrowthWindow ?? current.HostGrowthWindow,
            update.SpacePollInterval ?? current.SpacePollInterval,
            update.MailboxEventInterval ?? current.MailboxEventInterval,
            update.MailboxFullScanInterval ?? current.MailboxFullScanInterval);
    }

    /// <summary>Every violated bound, naming the policy field.</summary>
    public static IReadOnlyList<string> Check(CoordinatorPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var failures = new List<string>();
        if (!double.IsFinite(policy.CapFactor) || policy.CapFactor < 1.0 || policy.CapFactor > 10.0)
        {
            failures.Add($"CapFactor must be within [1, 10] (got {policy.CapFactor}).");
        }

        if (policy.MaxVolumeSizeMib is <= 0)
        {
            failures.Add($"MaxVolumeSizeMib must be positive (got {policy.MaxVolumeSizeMib}).");
        }

        failures.AddRange(HostLimitRules.Check(policy.HostRequestsPerSecond, policy.HostRequestBurst, policy.HostGrowthBudgetMib, policy.HostGrowthWindow)
            .Select(f => "Host" + f));
        if (policy.SpacePollInterval < TimeSpan.FromMilliseconds(50) || policy.SpacePollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"SpacePollInterval must be within [50 ms, 1 min] (got {policy.SpacePollInterval}).");
        }

        if (policy.MailboxEventInterval <= TimeSpan.Zero || policy.MailboxEventInterval > TimeSpan.FromSeconds(10))
        {
            failures.Add($"MailboxEventInterval must be within (0, 10 s] (got {policy.MailboxEventInterval}).");
        }

        if (policy.MailboxFullScanInterval < policy.MailboxEventInterval || policy.MailboxFullScanInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"MailboxFullScanInterval must be within [MailboxEventInterval, 1 min] (got {policy.MailboxFullScanInterval}).");
        }

        return failures;
    }
}
