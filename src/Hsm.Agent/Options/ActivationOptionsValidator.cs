using Microsoft.Extensions.Options;

namespace Hsm.Agent.Options;

/// <summary>Validates <see cref="ActivationOptions"/>, naming every setting to fix.</summary>
internal sealed class ActivationOptionsValidator : IValidateOptions<ActivationOptions>
{
    public ValidateOptionsResult Validate(string? name, ActivationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = ActivationOptions.SectionName;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Backend))
        {
            failures.Add($"{s}:Backend must be Lvm or Loop.");
        }

        if (string.IsNullOrWhiteSpace(options.LvmCommand))
        {
            failures.Add($"{s}:LvmCommand is required.");
        }

        if (options.Backend == ActivationBackend.Loop)
        {
            if (options.Devices.Count == 0)
            {
                failures.Add($"{s}:Devices must list the pool's PVs for the Loop backend (lvs runs with --devices).");
            }

            if (string.IsNullOrWhiteSpace(options.LoopBackingDirectory) || !Path.IsPathRooted(options.LoopBackingDirectory))
            {
                failures.Add($"{s}:LoopBackingDirectory must be an absolute path for the Loop backend.");
            }
        }

        if (options.Devices.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{s}:Devices must not contain empty entries.");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{s}:CommandTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
