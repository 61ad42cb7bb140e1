using System.Diagnostics;
using System.Text;
using LvExtend.Lvm;

namespace LvExtend.TestSupport;

/// <summary>
/// Runs a command for tests through the product's one process runner (<see cref="CommandRunner"/>: no shell,
/// timeout on a <see cref="TimeProvider"/>, the whole process tree killed, bounded output) and adds what tests
/// want: the command line in the result and exceptions for a timeout, a binary that cannot start, or (when asked)
/// a non-zero exit. Safe to block on (<see cref="Run"/>): nothing resumes on the caller's synchronization context.
/// </summary>
public static class ProcessRunner
{
    private static readonly CommandRunner Runner = new(TimeProvider.System);

    /// <summary>Runs the command and returns its result; throws only on timeout, or on failure when asked.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, ProcessRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProcessRunOptions();
        var argumentList = arguments.ToList();
        var commandLine = FormatCommandLine(fileName, argumentList);
        var result = await Runner.RunAsync(
            new CommandInvocation(fileName, argumentList, options.Timeout)
            {
                Environment = options.Environment,
                WorkingDirectory = options.WorkingDirectory,
                StandardInput = options.StandardInput,
            },
            cancellationToken).ConfigureAwait(false);
        if (result.StartFailed)
        {
            throw new ProcessFailedException($"Could not start {commandLine}: {result.StandardError}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (result.TimedOut)
        {
            throw new TimeoutException($"Command did not finish within {options.Timeout.TotalSeconds:0.#} s and was killed: {commandLine}");
        }

        var processResult = new ProcessResult(commandLine, result.ExitCode, result.StandardOutput, result.StandardError, result.Duration);
        return options.ThrowOnFailure ? processResult.EnsureSuccess() : processResult;
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

    internal static string FormatCommandLine(ProcessStartInfo startInfo) => FormatCommandLine(startInfo.FileName, startInfo.ArgumentList);

    private static string FormatCommandLine(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(Quote));

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
