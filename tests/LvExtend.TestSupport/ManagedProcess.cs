using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace LvExtend.TestSupport;

/// <summary>
/// A long-running child process (e.g. <c>dotnet Spm.Coordinator.dll</c>) whose stdout and stderr lines
/// are kept in a thread-safe buffer (and echoed to an <see cref="ITestOutputHelper"/> if given).
/// Tests wait for lines, send signals, and DisposeAsync kills the whole process tree.
/// </summary>
public sealed partial class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly ITestOutputHelper? _output;
    private readonly TimeSpan _disposeTimeout;
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _lineAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;
    private string? _pidFile;

    private ManagedProcess(Process process, string name, string commandLine, ManagedProcessOptions options)
    {
        _process = process;
        Name = name;
        CommandLine = commandLine;
        _output = options.Output;
        _disposeTimeout = options.DisposeTimeout;
    }

    /// <summary>The short name used in log prefixes.</summary>
    public string Name { get; }

    /// <summary>The command line, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once exited, else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>How many lines have been captured so far (use as <c>fromLine</c> to wait for new lines only).</summary>
    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>A snapshot of every line captured so far (stdout and stderr, in arrival order).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Every line captured so far, joined with newlines.</summary>
    public string Output => string.Join('\n', Lines);

    /// <summary>Starts the child.</summary>
    public static ManagedProcess Start(string fileName, IEnumerable<string> arguments, ManagedProcessOptions? options = null)
    {
        options ??= new ManagedProcessOptions();
        var startInfo = ProcessRunner.CreateStartInfo(fileName, arguments, options.Environment, options.WorkingDirectory);
        startInfo.RedirectStandardInput = true;
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var managed = new ManagedProcess(
            process, options.Name ?? Path.GetFileName(fileName), ProcessRunner.FormatCommandLine(startInfo), options);
        process.OutputDataReceived += (_, e) => managed.OnLine(e.Data, managed._stdoutClosed);
        process.ErrorDataReceived += (_, e) => managed.OnLine(e.Data, managed._stderrClosed);
        process.Start();
        managed._pidFile = TestPaths.RegisterPid(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        managed.Echo($"started pid {process.Id}: {managed.CommandLine}");
        return managed;
    }

    /// <summary>
    /// Waits for the first line at index &gt;= <paramref name="fromLine"/> that matches, and returns it.
    /// Throws <see cref="TimeoutException"/> (with the captured output) on timeout, or when the child exits first.
    /// </summary>
    public async Task<string> WaitForLineAsync(
        Func<string, bool> predicate, TimeSpan timeout, int fromLine = 0, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var next = fromLine;
        while (true)
        {
            Task changed;
            bool closed;
            lock (_gate)
            {
                for (; next < _lines.Count; next++)
                {
                    if (predicate(_lines[next]))
                    {
                        return _lines[next];
                    }
                }

                changed = _lineAdded.Task;
                closed = _stdoutClosed.Task.IsCompleted && _stderrClosed.Task.IsCompleted;
            }

            if (closed)
            {
                throw new TimeoutException($"{Name} exited (code {ExitCode}) before printing the awaited line. Output:\n{Tail()}");
            }

            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} did not print the awaited line within {timeout.TotalSeconds:0.#} s. Output:\n{Tail()}");
            }
        }
    }

    /// <summary>Waits for a line containing <paramref name="text"/> (ordinal).</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout, int fromLine = 0, CancellationToken cancellationToken = default) =>
        WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), timeout, fromLine, cancellationToken);

    /// <summary>Sends a signal to the child (kill(2)); throws if it cannot be delivered to a live child.</summary>
    public void Signal(ProcessSignal signal)
    {
        if (Kill(_process.Id, (int)signal) != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        Echo($"sent {signal}");
    }

    /// <summary>Waits for the child to exit and returns its exit code; throws <see cref="TimeoutException"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0.#} s.");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILLs the process tree if still running and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            // A stopped child must be continued for the kill to finish quickly on some kernels.
            _ = Kill(_process.Id, (int)ProcessSignal.Continue);
            ProcessRunner.KillQuietly(_process);
        }

        try
        {
            using var cts = new CancellationTokenSource(_disposeTimeout);
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            Echo($"exited with code {_process.ExitCode}");
        }
        catch (OperationCanceledException)
        {
            Echo("did not exit after SIGKILL");
        }

        if (_process.HasExited && _pidFile is not null)
        {
            File.Delete(_pidFile);
        }

        _process.Dispose();
    }

    private void OnLine(string? line, TaskCompletionSource closed)
    {
        TaskCompletionSource toSignal;
        lock (_gate)
        {
            if (line is null)
            {
                closed.TrySetResult();
            }
            else
            {
                _lines.Add(line);
            }

            toSignal = _lineAdded;
            _lineAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        toSignal.TrySetResult();
        if (line is not null)
        {
            Echo(line);
        }
    }

    private void Echo(string line)
    {
        if (_output is null)
        {
            return;
        }

        try
        {
            _output.WriteLine($"[{Name}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test that owned the output helper has finished.
        }
    }

    private string Tail()
    {
        var lines = Lines;
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Count - 60)));
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
