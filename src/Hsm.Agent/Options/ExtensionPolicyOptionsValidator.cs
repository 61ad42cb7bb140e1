using Microsoft.Extensions.Options;

namespace Hsm.Agent.Options;

/// <summary>Validates <see cref="ExtensionPolicyOptions"/>, naming every setting to fix.</summary>
internal sealed class ExtensionPolicyOptionsValidator : IValidateOptions<ExtensionPolicyOptions>
{
    /// <summary>The largest chunk the mailbox size field can carry (0xFFFFFFFF MiB).</summary>
    public const long MaxChunkMib = uint.MaxValue;

    /// <summary>The longest a drive with an armed threshold may go unchecked (a lost event is caught within it).</summary>
    public static readonly TimeSpan MaxSafetyCheckInterval = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, ExtensionPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = ExtensionPolicyOptions.SectionName;
        var failures = new List<string>();
        if (options.UtilizationPercent is < 0 or > 99)
        {
            failures.Add($"{s}:UtilizationPercent must be 0..99 (got {options.UtilizationPercent}).");
        }

        if (options.ChunkMib is < 1 or > MaxChunkMib)
        {
            failures.Add($"{s}:ChunkMib must be 1..{MaxChunkMib} (got {options.ChunkMib}).");
        }

        if (options.CheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"{s}:CheckInterval must be positive.");
        }

        if (options.SafetyCheckInterval <= TimeSpan.Zero || options.SafetyCheckInterval > MaxSafetyCheckInterval)
        {
            // Shorter than CheckInterval is allowed: the checks never run closer than CheckInterval anyway.
            failures.Add($"{s}:SafetyCheckInterval must be positive and at most {MaxSafetyCheckInterval} (got {options.SafetyCheckInterval}).");
        }

        if (options.RetryInitialDelay <= TimeSpan.Zero)
        {
            failures.Add($"{s}:RetryInitialDelay must be positive.");
        }

        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            failures.Add($"{s}:RetryMaxDelay must be at least RetryInitialDelay.");
        }

        if (options.Adaptive is null)
        {
            failures.Add($"{AdaptiveGrowthOptions.SectionName} must not be null.");
        }
        else
        {
            var adaptive = new AdaptiveGrowthOptionsValidator().Validate(name, options.Adaptive);
            if (adaptive.Failed)
            {
                failures.AddRange(adaptive.Failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
