using Microsoft.Extensions.Options;

namespace Shared.Mailbox;

/// <summary>Validates <see cref="HostMailboxOptions"/>, naming every setting to fix.</summary>
public sealed class HostMailboxOptionsValidator : IValidateOptions<HostMailboxOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HostMailboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.InboxPath))
        {
            failures.Add($"{nameof(HostMailboxOptions.InboxPath)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.OutboxPath))
        {
            failures.Add($"{nameof(HostMailboxOptions.OutboxPath)} is required.");
        }

        if (options.HostId is < MailboxLayout.MinHostId or > MailboxLayout.MaxHostId)
        {
            failures.Add($"{nameof(HostMailboxOptions.HostId)} must be {MailboxLayout.MinHostId}..{MailboxLayout.MaxHostId}; it is {options.HostId}.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{nameof(HostMailboxOptions.PollInterval)} must be more than 0 and at most 1 minute; it is {options.PollInterval}.");
        }

        if (options.FastPollInterval <= TimeSpan.Zero || options.FastPollInterval > options.PollInterval)
        {
            failures.Add($"{nameof(HostMailboxOptions.FastPollInterval)} must be more than 0 and at most {nameof(HostMailboxOptions.PollInterval)} ({options.PollInterval}); it is {options.FastPollInterval}.");
        }

        if (options.FastPollWindow < TimeSpan.Zero || options.FastPollWindow > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{nameof(HostMailboxOptions.FastPollWindow)} must be 0..1 minute; it is {options.FastPollWindow}.");
        }

        if (options.QueueCapacity < 1)
        {
            failures.Add($"{nameof(HostMailboxOptions.QueueCapacity)} must be at least 1; it is {options.QueueCapacity}.");
        }

        if (options.StopTimeout < TimeSpan.Zero)
        {
            failures.Add($"{nameof(HostMailboxOptions.StopTimeout)} must not be negative; it is {options.StopTimeout}.");
        }

        if (!Enum.IsDefined(options.IoMode))
        {
            failures.Add($"{nameof(HostMailboxOptions.IoMode)} must be Direct or BufferedWithFsync; it is {options.IoMode}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws one <see cref="OptionsValidationException"/> listing every failure.</summary>
    public static void ThrowIfInvalid(HostMailboxOptions options)
    {
        var validation = new HostMailboxOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(HostMailboxOptions), typeof(HostMailboxOptions), validation.Failures);
        }
    }
}
