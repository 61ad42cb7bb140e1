using Microsoft.Extensions.Options;

namespace Shared.Mailbox;

/// <summary>Validates <see cref="ManagerMailboxOptions"/>, naming every setting to fix.</summary>
public sealed class ManagerMailboxOptionsValidator : IValidateOptions<ManagerMailboxOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ManagerMailboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.InboxPath))
        {
            failures.Add($"{nameof(ManagerMailboxOptions.InboxPath)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.OutboxPath))
        {
            failures.Add($"{nameof(ManagerMailboxOptions.OutboxPath)} is required.");
        }

        if (options.MaxHosts is < MailboxLayout.MinHostId or > MailboxLayout.MaxHostId)
        {
            failures.Add($"{nameof(ManagerMailboxOptions.MaxHosts)} must be {MailboxLayout.MinHostId}..{MailboxLayout.MaxHostId}; it is {options.MaxHosts}.");
        }

        if (options.EventInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ManagerMailboxOptions.EventInterval)} must be more than 0; it is {options.EventInterval}.");
        }

        if (options.IdleEventInterval <= TimeSpan.Zero || options.IdleEventInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{nameof(ManagerMailboxOptions.IdleEventInterval)} must be more than 0 and at most 10 minutes; it is {options.IdleEventInterval}.");
        }

        if (options.ActiveWindow < TimeSpan.Zero || options.ActiveWindow > TimeSpan.FromHours(1))
        {
            failures.Add($"{nameof(ManagerMailboxOptions.ActiveWindow)} must be 0..1 hour; it is {options.ActiveWindow}.");
        }

        if (options.FullScanInterval < options.EventInterval || options.FullScanInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{nameof(ManagerMailboxOptions.FullScanInterval)} must be at least {nameof(ManagerMailboxOptions.EventInterval)} and at most 10 minutes; it is {options.FullScanInterval}.");
        }

        if (options.IdleFullScanInterval <= TimeSpan.Zero || options.IdleFullScanInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{nameof(ManagerMailboxOptions.IdleFullScanInterval)} must be more than 0 and at most 10 minutes; it is {options.IdleFullScanInterval}.");
        }

        if (options.ChecksumRetryDelay < TimeSpan.Zero || options.ChecksumRetryDelay > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{nameof(ManagerMailboxOptions.ChecksumRetryDelay)} must be 0..10 s; it is {options.ChecksumRetryDelay}.");
        }

        if (options.MaxConcurrentDispatch is < 1 or > 1024)
        {
            failures.Add($"{nameof(ManagerMailboxOptions.MaxConcurrentDispatch)} must be 1..1024; it is {options.MaxConcurrentDispatch}.");
        }

        if (!Enum.IsDefined(options.IoMode))
        {
            failures.Add($"{nameof(ManagerMailboxOptions.IoMode)} must be Direct or BufferedWithFsync; it is {options.IoMode}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws one <see cref="OptionsValidationException"/> listing every failure.</summary>
    public static void ThrowIfInvalid(ManagerMailboxOptions options)
    {
        var validation = new ManagerMailboxOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(ManagerMailboxOptions), typeof(ManagerMailboxOptions), validation.Failures);
        }
    }
}
