using Microsoft.Extensions.Options;

namespace Hsm.Agent.Options;

/// <summary>Validates <see cref="LibvirtOptions"/>, naming every setting to fix.</summary>
internal sealed class LibvirtOptionsValidator : IValidateOptions<LibvirtOptions>
{
    public ValidateOptionsResult Validate(string? name, LibvirtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = LibvirtOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Uri) || !options.Uri.Contains("://", StringComparison.Ordinal))
        {
            failures.Add($"{s}:Uri must be a libvirt URI such as qemu:///system (got '{options.Uri}').");
        }

        if (options.KeepAliveInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{s}:KeepAliveInterval must be at least 1 s.");
        }

        if (options.KeepAliveCount < 1)
        {
            failures.Add($"{s}:KeepAliveCount must be at least 1.");
        }

        if (options.ReconnectInitialDelay <= TimeSpan.Zero || options.ReconnectMaxDelay < options.ReconnectInitialDelay)
        {
            failures.Add($"{s}:ReconnectInitialDelay must be positive and at most ReconnectMaxDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
