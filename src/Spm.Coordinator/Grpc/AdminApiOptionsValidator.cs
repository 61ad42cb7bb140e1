using Microsoft.Extensions.Options;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// Validates <see cref="AdminApiOptions"/>, naming the setting to fix (<paramref name="tokenKey"/>: the key the
/// token came from). A placeholder token such as the shipped example's is refused: the coordinator does not
/// start until a real token is set (or none, which denies every mutating call).
/// </summary>
internal sealed class AdminApiOptionsValidator(string tokenKey = AdminApiOptions.SectionName + ":Token") : IValidateOptions<AdminApiOptions>
{
    private static readonly string[] PlaceholderMarkers =
    [
        "change-me", "changeme", "change_me", "replace-me", "replaceme", "placeholder", "example",
        "token-here", "your-token", "random-token", "set-a-", "xxxxxxxx", "0123456789abcdef0123",
    ];

    /// <summary>Whether <paramref name="token"/> looks like a documentation placeholder rather than a secret.</summary>
    public static bool IsPlaceholder(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var lower = token.ToLowerInvariant();
        return PlaceholderMarkers.Any(m => lower.Contains(m, StringComparison.Ordinal)) || token.Distinct().Count() < 6;
    }

    public ValidateOptionsResult Validate(string? name, AdminApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Token is { } token)
        {
            if (token.Length < AdminApiOptions.MinimumTokenLength)
            {
                failures.Add($"{tokenKey} must be at least {AdminApiOptions.MinimumTokenLength} characters long (or unset to deny every mutating call).");
            }

            if (token.Any(char.IsWhiteSpace))
            {
                failures.Add($"{tokenKey} must not contain white space.");
            }

            if (IsPlaceholder(token))
            {
                failures.Add($"{tokenKey} is a placeholder, not a secret: set a long random token (e.g. openssl rand -hex 32).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
