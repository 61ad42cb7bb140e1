using Microsoft.Extensions.Options;

namespace Hsm.Agent.Options;

/// <summary>Validates <see cref="AgentOptions"/>, naming every setting to fix.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    /// <summary>The largest host id the mailbox serves.</summary>
    public const int MaxHostId = 2000;

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = AgentOptions.SectionName;
        var failures = new List<string>();
        if (options.HostId is < 1 or > MaxHostId)
        {
            failures.Add($"{s}:HostId must be 1..{MaxHostId} (got {options.HostId}).");
        }

        if (options.PoolId == Guid.Empty)
        {
            failures.Add($"{s}:PoolId is required.");
        }

        if (string.IsNullOrWhiteSpace(options.InboxPath))
        {
            failures.Add($"{s}:InboxPath is required.");
        }

        if (string.IsNullOrWhiteSpace(options.OutboxPath))
        {
            failures.Add($"{s}:OutboxPath is required.");
        }

        if (options.MailboxPollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{s}:MailboxPollInterval must be positive.");
        }

        if (!Enum.IsDefined(options.MailboxIoMode))
        {
            failures.Add($"{s}:MailboxIoMode must be Direct or BufferedWithFsync.");
        }

        if (!Enum.IsDefined(options.VmSource))
        {
            failures.Add($"{s}:VmSource must be QmpDirectory or Libvirt.");
        }

        if (options.VmSource == VmSourceKind.QmpDirectory && string.IsNullOrWhiteSpace(options.VmDirectory))
        {
            failures.Add($"{s}:VmDirectory is required.");
        }

        if (options.VmRescanInterval <= TimeSpan.Zero)
        {
            failures.Add($"{s}:VmRescanInterval must be positive.");
        }

        if (options.QmpCommandTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{s}:QmpCommandTimeout must be positive.");
        }

        if (options.QmpReconnectDelay <= TimeSpan.Zero)
        {
            failures.Add($"{s}:QmpReconnectDelay must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.DeviceRoot) || !Path.IsPathRooted(options.DeviceRoot))
        {
            failures.Add($"{s}:DeviceRoot must be an absolute path (got '{options.DeviceRoot}').");
        }

        foreach (var (vg, domain) in options.Domains)
        {
            if (domain == Guid.Empty)
            {
                failures.Add($"{s}:Domains:{vg} must be a non-empty domain UUID.");
            }
        }

        if (!Uri.TryCreate(options.ListenUrl, UriKind.Absolute, out _))
        {
            failures.Add($"{s}:ListenUrl must be an absolute URL (got '{options.ListenUrl}').");
        }

        if (!string.IsNullOrEmpty(options.OtlpEndpoint) && !Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out _))
        {
            failures.Add($"{s}:OtlpEndpoint must be an absolute URL when set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
