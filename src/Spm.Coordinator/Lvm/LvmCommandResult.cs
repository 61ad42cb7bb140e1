namespace Spm.Coordinator.Lvm;

/// <summary>How an lvm command ended.</summary>
/// <param name="ExitCode">The exit code (-1 when killed).</param>
/// <param name="StandardOutput">Its stdout.</param>
/// <param name="StandardError">Its stderr.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="TimedOut">Killed because its timeout (or the lease) ran out.</param>
internal sealed record LvmCommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>A one-line summary of the failure for logs and the audit trail.</summary>
    public string Describe()
    {
        if (TimedOut)
        {
            return $"lvm was killed after {Duration.TotalSeconds:F1} s";
        }

        var message = string.Join(' ', StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("WARNING:", StringComparison.Ordinal)));
        return $"lvm exited with {ExitCode}: {(message.Length > 400 ? message[..400] : message)}";
    }
}
