using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.Lvm;

/// <summary>
/// Runs the lvm binary as a child process (LVM_SUPPRESS_FD_WARNINGS=1, stdin closed). On timeout or
/// cancellation the process is killed and the result says so; the caller never waits past the timeout.
/// </summary>
internal sealed partial class LvmCommandRunner(
    IOptions<CoordinatorOptions> options,
    CoordinatorInstruments instruments,
    TimeProvider timeProvider,
    ILogger<LvmCommandRunner> logger) : ILvmCommandRunner
{
    private readonly string _commandPath = options.Value.Lvm.CommandPath;

    public async Task<LvmCommandResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var command = arguments.Count > 0 ? arguments[0] : "";
        var start = new ProcessStartInfo(_commandPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        start.Environment["LC_ALL"] = "C";

        var started = timeProvider.GetTimestamp();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Log.StartFailed(logger, _commandPath, ex);
            return new LvmCommandResult(-1, "", $"cannot start {_commandPath}: {ex.Message}", TimeSpan.Zero, false);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromTicks(1));
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        var duration = timeProvider.GetElapsedTime(started);
        var result = new LvmCommandResult(timedOut ? -1 : process.ExitCode, await stdout, await stderr, duration, timedOut);
        instruments.RecordLvmCommand(command, duration, result.Succeeded);
        if (timedOut)
        {
            Log.Killed(logger, command, duration.TotalMilliseconds, cancellationToken.IsCancellationRequested);
        }
        else
        {
            Log.Ran(logger, command, result.ExitCode, duration.TotalMilliseconds);
        }

        return result;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, EventName = "LvmRan", Level = LogLevel.Debug,
            Message = "lvm {Command} exited with {ExitCode} after {DurationMs:F1} ms")]
        public static partial void Ran(ILogger logger, string command, int exitCode, double durationMs);

        [LoggerMessage(EventId = 1302, EventName = "LvmKilled", Level = LogLevel.Warning,
            Message = "lvm {Command} was killed after {DurationMs:F1} ms (cancelled: {Cancelled})")]
        public static partial void Killed(ILogger logger, string command, double durationMs, bool cancelled);

        [LoggerMessage(EventId = 1303, EventName = "LvmStartFailed", Level = LogLevel.Error,
            Message = "Cannot start {CommandPath}")]
        public static partial void StartFailed(ILogger logger, string commandPath, Exception exception);
    }
}
