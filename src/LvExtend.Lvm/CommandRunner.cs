using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace LvExtend.Lvm;

/// <summary>
/// The one process runner: runs a command as a child process without a shell, stdin closed, with
/// <see cref="LvmDefaults.Environment"/> (<c>LC_ALL=C</c>, <c>LVM_SUPPRESS_FD_WARNINGS=1</c>). The timeout runs on
/// the injected <see cref="TimeProvider"/>; on timeout or cancellation the whole process tree is killed. Output is
/// bounded (<see cref="CommandRunnerOptions.MaxOutputChars"/>). Thread-safe; safe to block on (no captured context).
/// </summary>
public sealed class CommandRunner : ICommandRunner
{
    private readonly TimeProvider _timeProvider;
    private readonly int _maxOutputChars;

    /// <summary>Creates a runner timing commands on <paramref name="timeProvider"/>.</summary>
    public CommandRunner(TimeProvider timeProvider, CommandRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _maxOutputChars = options?.MaxOutputChars ?? CommandRunnerOptions.DefaultMaxOutputChars;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_maxOutputChars);
    }

    /// <inheritdoc />
    public Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(new CommandInvocation(fileName, arguments, timeout), cancellationToken);

    /// <summary>
    /// Runs <paramref name="invocation"/> like <see cref="RunAsync(string, IReadOnlyList{string}, TimeSpan, CancellationToken)"/>,
    /// with its extra environment, working directory and standard input.
    /// </summary>
    public async Task<CommandResult> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var (fileName, arguments, timeout) = invocation;
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var command = Path.GetFileName(fileName);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in LvmDefaults.Environment)
        {
            start.Environment[name] = value;
        }

        foreach (var (name, value) in invocation.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        if (invocation.WorkingDirectory is not null)
        {
            start.WorkingDirectory = invocation.WorkingDirectory;
        }

        var started = _timeProvider.GetTimestamp();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return new CommandResult(-1, "", $"cannot start {fileName}: {ex.Message}", TimeSpan.Zero, false) { Command = command, StartFailed = true };
        }

        var stdout = ReadBoundedAsync(process.StandardOutput, _maxOutputChars);
        var stderr = ReadBoundedAsync(process.StandardError, _maxOutputChars);
        await WriteInputAsync(process, invocation.StandardInput).ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromTicks(1), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var killed = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var (output, outputTruncated) = await stdout.ConfigureAwait(false);
        var (error, errorTruncated) = await stderr.ConfigureAwait(false);
        return new CommandResult(killed ? -1 : process.ExitCode, output, error, _timeProvider.GetElapsedTime(started), killed)
        {
            Command = command,
            Cancelled = killed && cancellationToken.IsCancellationRequested,
            OutputTruncated = outputTruncated || errorTruncated,
        };
    }

    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited without reading its input: its exit code tells the story.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // It exited in the meantime.
        }
    }

    private static async Task<(string Text, bool Truncated)> ReadBoundedAsync(StreamReader reader, int maxChars)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        var truncated = false;
        int n;
        while ((n = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            var keep = Math.Min(n, maxChars - text.Length);
            if (keep > 0)
            {
                text.Append(buffer, 0, keep);
            }

            truncated |= keep < n;
        }

        return (text.ToString(), truncated);
    }
}
