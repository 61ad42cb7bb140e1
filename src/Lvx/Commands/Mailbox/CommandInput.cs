using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Shared.Mailbox;

namespace Lvx.Commands.Mailbox;

/// <summary>Parsing and error reporting shared by the mailbox commands.</summary>
internal static class CommandInput
{
    public static Guid ParseUuid(string? text, string option)
    {
        if (!Guid.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            throw new CommandInputException($"{option}: '{text}' is not a UUID (expected e.g. 8adbc85e-e554-4ae0-b318-8a5465fe5fe1).");
        }

        return value;
    }

    public static ulong ParseSizeMib(string? text, string option)
    {
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MailboxLayout.MaxSizeMib)
        {
            throw new CommandInputException(
                $"{option}: '{text}' is not a size in MiB between 0 and {MailboxLayout.MaxSizeMib} (the message carries 32 bits).");
        }

        return value;
    }

    public static void RequireFile(string? path, string option)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new CommandInputException($"{option} is required.");
        }

        if (!File.Exists(path))
        {
            throw new CommandInputException($"{option}: {path} does not exist.");
        }
    }

    public static MailboxIoMode IoMode(bool buffered) => buffered ? MailboxIoMode.BufferedWithFsync : MailboxIoMode.Direct;

    /// <summary>Runs a command body; expected failures become one line on stderr and exit code 1.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, Func<TextWriter, Task<int>> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return await body(output);
        }
        catch (RequestRefusedException ex)
        {
            await error.WriteLineAsync($"lvx: refused: {ex.Message}");
            return MailboxExitCodes.Refused;
        }
        catch (Exception ex) when (ex is CommandInputException or IOException or UnauthorizedAccessException
            or MailboxFormatException or ArgumentException or OptionsValidationException or PlatformNotSupportedException)
        {
            await error.WriteLineAsync($"lvx: error: {ex.Message}");
            return MailboxExitCodes.Error;
        }
    }
}
