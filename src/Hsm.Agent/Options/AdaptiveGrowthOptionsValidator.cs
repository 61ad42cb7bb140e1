using Microsoft.Extensions.Options;

namespace Hsm.Agent.Options;

/// <summary>Validates <see cref="AdaptiveGrowthOptions"/>, naming every setting to fix.</summary>
internal sealed class AdaptiveGrowthOptionsValidator : IValidateOptions<AdaptiveGrowthOptions>
{
    /// <summary>The largest chunk the mailbox size field can carry (0xFFFFFFFF MiB).</summary>
    public const long MaxChunkMib = ExtensionPolicyOptionsValidator.MaxChunkMib;

    /// <summary>The most extension durations kept.</summary>
    public const int MaxLatencySamples = 100_000;

    public ValidateOptionsResult Validate(string? name, AdaptiveGrowthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = AdaptiveGrowthOptions.SectionName;
        var failures = new List<string>();
        if (options.MinChunkMib is < 1 or > MaxChunkMib)
        {
            failures.Add($"{s}:MinChunkMib must be 1..{MaxChunkMib} (got {options.MinChunkMib}).");
        }

        if (options.MaxChunkMib is < 1 or > MaxChunkMib)
        {
            failures.Add($"{s}:MaxChunkMib must be 1..{MaxChunkMib} (got {options.MaxChunkMib}).");
        }
        else if (options.MaxChunkMib < options.MinChunkMib)
        {
            failures.Add($"{s}:MaxChunkMib ({options.MaxChunkMib}) must be at least MinChunkMib ({options.MinChunkMib}).");
        }

        if (options.MinHeadroomMib < 1 || options.MinHeadroomMib > options.MaxChunkMib)
        {
            failures.Add($"{s}:MinHeadroomMib must be 1..MaxChunkMib ({options.MaxChunkMib}) (got {options.MinHeadroomMib}).");
        }

        if (!double.IsFinite(options.Margin) || options.Margin is < 1 or > 100)
        {
            failures.Add($"{s}:Margin must be 1..100 (got {options.Margin}).");
        }

        if (options.MinHeadroomTime < TimeSpan.Zero || options.MinHeadroomTime > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{s}:MinHeadroomTime must be 0..1 min (got {options.MinHeadroomTime}).");
        }

        if (options.MinExtensionInterval < TimeSpan.Zero || options.MinExtensionInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{s}:MinExtensionInterval must be 0..1 h (got {options.MinExtensionInterval}).");
        }

        if (options.InitialExtensionLatency <= TimeSpan.Zero || options.InitialExtensionLatency > TimeSpan.FromHours(1))
        {
            failures.Add($"{s}:InitialExtensionLatency must be positive and at most 1 h (got {options.InitialExtensionLatency}).");
        }

        if (!double.IsFinite(options.BootstrapLatencyFactor) || options.BootstrapLatencyFactor is < 1 or > 100)
        {
            failures.Add($"{s}:BootstrapLatencyFactor must be 1..100 (got {options.BootstrapLatencyFactor}).");
        }

        if (options.LatencySamples is < 1 or > MaxLatencySamples)
        {
            failures.Add($"{s}:LatencySamples must be 1..{MaxLatencySamples} (got {options.LatencySamples}).");
        }

        if (options.MinLatencySamples < 0 || options.MinLatencySamples > options.LatencySamples)
        {
            failures.Add($"{s}:MinLatencySamples must be 0..LatencySamples ({options.LatencySamples}) (got {options.MinLatencySamples}).");
        }

        if (options.LatencyWindow <= TimeSpan.Zero)
        {
            failures.Add($"{s}:LatencyWindow must be positive.");
        }

        if (options.RateDecayTime <= TimeSpan.Zero)
        {
            failures.Add($"{s}:RateDecayTime must be positive.");
        }

        if (options.MinSampleInterval < TimeSpan.Zero || options.MinSampleInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{s}:MinSampleInterval must be 0..1 min (got {options.MinSampleInterval}).");
        }

        if (!double.IsFinite(options.MaxRateMibps) || options.MaxRateMibps <= 0)
        {
            failures.Add($"{s}:MaxRateMibps must be positive (got {options.MaxRateMibps}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
