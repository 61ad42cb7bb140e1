namespace LvExtend.Lvm;

/// <summary>How a command run by <see cref="ICommandRunner"/> ended. The one result type of the library's runner.</summary>
/// <param name="ExitCode">The exit code (-1 when it was killed or could not start).</param>
/// <param name="StandardOutput">Its stdout (at most <see cref="CommandRunnerOptions.MaxOutputChars"/> characters).</param>
/// <param name="StandardError">Its stderr (same bound).</param>
/// <param name="Duration">How long it ran, measured on the runner's <see cref="TimeProvider"/>.</param>
/// <param name="TimedOut">Killed (with its whole process tree) because its timeout passed or the caller cancelled.</param>
public record CommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration, bool TimedOut)
{
    private const int MaxDescriptionChars = 400;

    /// <summary>The program's name for messages (<c>lvm</c> unless set).</summary>
    public string Command { get; init; } = LvmDefaults.Binary;

    /// <summary>Killed because the caller's token was cancelled (then <see cref="TimedOut"/> is true too).</summary>
    public bool Cancelled { get; init; }

    /// <summary>The program could not be started (missing binary, permissions); <see cref="StandardError"/> says why.</summary>
    public bool StartFailed { get; init; }

    /// <summary>Output beyond <see cref="CommandRunnerOptions.MaxOutputChars"/> was dropped.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>Exit code 0 and not killed.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut && !StartFailed;

    /// <summary>
    /// A one-line summary of the failure for logs, errors and the audit trail: the stderr lines without lvm's
    /// <c>WARNING:</c> lines, at most 400 characters.
    /// </summary>
    public string Describe()
    {
        if (StartFailed)
        {
            return $"{Command} could not start: {StandardError.Trim()}";
        }

        if (TimedOut)
        {
            return $"{Command} was killed after {Duration.TotalSeconds:F1} s{(Cancelled ? " (cancelled)" : "")}";
        }

        var message = string.Join(' ', StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("WARNING:", StringComparison.Ordinal)));
        return $"{Command} exited with {ExitCode}: {(message.Length > MaxDescriptionChars ? message[..MaxDescriptionChars] : message)}";
    }
}
