using System.CommandLine;

namespace Lvx.Commands.Coordinator;

/// <summary>
/// Where lvx takes the admin bearer token from: <c>--token-file FILE</c>, else <c>$LVX_TOKEN</c>. Never from the
/// command line: a token there is readable by every local user (ps, /proc/PID/cmdline) and stays in shell
/// history, so <c>--token</c> is refused with a message that names the two ways.
/// </summary>
internal static class AdminToken
{
    /// <summary>The environment variable that holds the admin token.</summary>
    public const string Variable = "LVX_TOKEN";

    /// <summary>The refusal printed when someone passes <c>--token</c>.</summary>
    public const string CommandLineRefusal =
        "--token is not accepted: a token on the command line is visible to every local user (ps) and stays in shell history; " +
        "set " + Variable + " or pass --token-file FILE.";

    /// <summary>The largest token file lvx reads.</summary>
    private const long MaxFileBytes = 64 * 1024;

    /// <summary><c>--token-file FILE</c>.</summary>
    public static Option<string?> CreateFileOption(string purpose) => new("--token-file")
    {
        Description = $"A file whose content is the admin bearer token (default ${Variable}); {purpose}.",
        HelpName = "FILE",
    };

    /// <summary>A hidden <c>--token</c> that exists only to refuse itself with <see cref="CommandLineRefusal"/>.</summary>
    public static Option<string?> CreateRefusedOption()
    {
        var option = new Option<string?>("--token")
        {
            Hidden = true,
            Arity = ArgumentArity.ZeroOrOne,
        };
        option.Validators.Add(result => result.AddError(CommandLineRefusal));
        return option;
    }

    /// <summary>
    /// The token from <paramref name="tokenFile"/> when given (trimmed; a missing, unreadable or empty file is a
    /// <see cref="UsageException"/>), else from <c>$LVX_TOKEN</c>, else null.
    /// </summary>
    public static string? Resolve(string? tokenFile)
    {
        if (tokenFile is not null)
        {
            string text;
            try
            {
                var info = new FileInfo(tokenFile);
                if (info.Exists && info.Length > MaxFileBytes)
                {
                    throw new UsageException($"--token-file '{tokenFile}' is {info.Length} bytes: not a token file.");
                }

                text = File.ReadAllText(tokenFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsageException($"--token-file '{tokenFile}' cannot be read: {ex.Message}", ex);
            }

            var token = text.Trim();
            return token.Length == 0 || token.Contains('\n', StringComparison.Ordinal)
                ? throw new UsageException($"--token-file '{tokenFile}' must hold the token on one line (it is empty or has several lines).")
                : token;
        }

        var variable = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(variable) ? null : variable.Trim();
    }
}
