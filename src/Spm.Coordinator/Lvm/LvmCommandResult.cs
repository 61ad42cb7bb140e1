using LvExtend.Lvm;

namespace Spm.Coordinator.Lvm;

/// <summary>
/// How an lvm command ended: the library's <see cref="CommandResult"/> under the name the <see cref="ILvm"/> port
/// uses (<see cref="CommandResult.Succeeded"/>, <see cref="CommandResult.Describe"/> come from it).
/// </summary>
/// <param name="ExitCode">The exit code (-1 when killed).</param>
/// <param name="StandardOutput">Its stdout.</param>
/// <param name="StandardError">Its stderr.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="TimedOut">Killed because its timeout (or the lease) ran out.</param>
internal sealed record LvmCommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration, bool TimedOut)
    : CommandResult(ExitCode, StandardOutput, StandardError, Duration, TimedOut)
{
    /// <summary>The port's view of a library result.</summary>
    public static LvmCommandResult From(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new LvmCommandResult(result.ExitCode, result.StandardOutput, result.StandardError, result.Duration, result.TimedOut)
        {
            Command = result.Command,
            Cancelled = result.Cancelled,
            StartFailed = result.StartFailed,
            OutputTruncated = result.OutputTruncated,
        };
    }
}
