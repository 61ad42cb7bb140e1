using Microsoft.Extensions.Options;

namespace Spm.Coordinator.Grpc;

/// <summary>Validates <see cref="AdminApiOptions"/>, naming the setting to fix.</summary>
internal sealed class AdminApiOptionsValidator : IValidateOptions<AdminApiOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Token is { } token)
        {
            if (token.Length < AdminApiOptions.MinimumTokenLength)
            {
                failures.Add($"{AdminApiOptions.SectionName}:Token must be at least {AdminApiOptions.MinimumTokenLength} characters long (or unset to deny every mutating call).");
            }

            if (token.Any(char.IsWhiteSpace))
            {
                failures.Add($"{AdminApiOptions.SectionName}:Token must not contain white space.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
