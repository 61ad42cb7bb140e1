using System.Diagnostics;
using System.Text;

namespace LvExtend.TestSupport;

/// <summary>
/// Runs a command without a shell (arguments go through <see cref="ProcessStartInfo.ArgumentList"/>),
/// captures stdout and stderr and returns the exit code. Safe to block on (<see cref="Run"/>): nothing
/// resumes on the caller's synchronization context.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs the command and returns its result; throws only on timeout, or on failure when asked.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, ProcessRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProcessRunOptions();
        var startInfo = CreateStartInfo(fileName, arguments, options.Environment, options.WorkingDirectory);
        startInfo.RedirectStandardInput = true;
        var commandLine = FormatCommandLine(startInfo);

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ProcessFailedException($"Could not start {commandLine}: {ex.Message}", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (options.StandardInput is not null)
            {
                await process.StandardInput.WriteAsync(options.StandardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited without reading its input: its exit code tells the story.
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"Command did not finish within {options.Timeout.TotalSeconds:0.#} s and was killed: {commandLine}");
        }

        var result = new ProcessResult(
            commandLine, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), stopwatch.Elapsed);
        return options.ThrowOnFailure ? result.EnsureSuccess() : result;
    }

    /// <summary>Runs the command and throws <see cref="ProcessFailedException"/> unless it exits with 0.</summary>
    public static Task<ProcessResult> RunCheckedAsync(
        string fileName, IEnumerable<string> arguments, ProcessRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var checkedOptions = new ProcessRunOptions
        {
            Environment = options?.Environment,
            WorkingDirectory = options?.WorkingDirectory,
            Timeout = options?.Timeout ?? TimeSpan.FromMinutes(2),
            StandardInput = options?.StandardInput,
            ThrowOnFailure = true,
        };
        return RunAsync(fileName, arguments, checkedOptions, cancellationToken);
    }

    /// <summary>Blocking form of <see cref="RunAsync"/>.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, ProcessRunOptions? options = null) =>
        RunAsync(fileName, arguments, options).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="RunCheckedAsync"/>.</summary>
    public static ProcessResult RunChecked(string fileName, params string[] arguments) =>
        RunCheckedAsync(fileName, arguments).GetAwaiter().GetResult();

    /// <summary>True when <paramref name="command"/> is an executable file on PATH (or an existing path).</summary>
    public static bool IsOnPath(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(command);
        }

        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Any(dir => File.Exists(Path.Combine(dir, command)));
    }

    internal static ProcessStartInfo CreateStartInfo(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    startInfo.Environment.Remove(name);
                }
                else
                {
                    startInfo.Environment[name] = value;
                }
            }
        }

        return startInfo;
    }

    internal static string FormatCommandLine(ProcessStartInfo startInfo) =>
        string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList).Select(Quote));

    internal static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
