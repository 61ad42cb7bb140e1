using Microsoft.Extensions.Time.Testing;

namespace LvExtend.Lvm.Tests;

public sealed class CommandRunnerTests
{
    [Fact]
    public async Task RunAsync_CapturesOutputExitCodeAndTheLvmEnvironment()
    {
        var runner = new CommandRunner(TimeProvider.System);

        var result = await runner.RunAsync("sh", ["-c", "echo \"$LC_ALL $LVM_SUPPRESS_FD_WARNINGS\"; echo oops >&2; exit 3"], TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("C 1\n", result.StandardOutput);
        Assert.Equal("oops\n", result.StandardError);
        Assert.False(result.Succeeded);
        Assert.Equal("sh", result.Command);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task RunAsync_Invocation_AddsAndRemovesEnvironment_SetsTheWorkingDirectory_WritesStandardInput()
    {
        var runner = new CommandRunner(TimeProvider.System);
        Environment.SetEnvironmentVariable("LVX_RUNNER_TEST_REMOVED", "parent");
        try
        {
            var result = await runner.RunAsync(
                new CommandInvocation("sh", ["-c", "echo \"$LVX_RUNNER_TEST_ADDED|${LVX_RUNNER_TEST_REMOVED-unset}|$LC_ALL\"; pwd; cat"], TimeSpan.FromSeconds(30))
                {
                    Environment = new Dictionary<string, string?> { ["LVX_RUNNER_TEST_ADDED"] = "yes", ["LVX_RUNNER_TEST_REMOVED"] = null },
                    WorkingDirectory = "/",
                    StandardInput = "from stdin\n",
                },
                CancellationToken.None);

            Assert.True(result.Succeeded, result.Describe());
            Assert.Equal("yes|unset|C\n/\nfrom stdin\n", result.StandardOutput);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LVX_RUNNER_TEST_REMOVED", null);
        }
    }

    [Fact]
    public async Task RunAsync_MissingBinary_IsAResultNotAnException()
    {
        var runner = new CommandRunner(TimeProvider.System);

        var result = await runner.RunAsync("/nonexistent/lvm", ["lvs"], TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(result.StartFailed);
        Assert.False(result.Succeeded);
        Assert.Contains("/nonexistent/lvm", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Timeout_OnTheTimeProvider_KillsTheWholeProcessTree()
    {
        var time = new FakeTimeProvider();
        var runner = new CommandRunner(time);
        var pidFile = Path.Combine(Path.GetTempPath(), $"lvx-lvm-runner-{Guid.NewGuid():N}");
        try
        {
            var run = runner.RunAsync("sh", ["-c", $"sleep 300 & echo $! > {pidFile}; wait"], TimeSpan.FromSeconds(10), CancellationToken.None);
            var grandchild = await WaitForPidAsync(pidFile);

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!run.IsCompleted && DateTime.UtcNow < deadline)
            {
                time.Advance(TimeSpan.FromSeconds(10));
                await Task.WhenAny(run, Task.Delay(50));
            }

            var result = await run;
            Assert.True(result.TimedOut);
            Assert.False(result.Cancelled);
            Assert.Equal(-1, result.ExitCode);
            Assert.True(await GoneAsync(grandchild), $"the grandchild {grandchild} outlived the kill");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsAndSaysCancelled()
    {
        var runner = new CommandRunner(TimeProvider.System);
        using var cancel = new CancellationTokenSource();

        var run = runner.RunAsync("sleep", ["300"], TimeSpan.FromMinutes(5), cancel.Token);
        await cancel.CancelAsync();
        var result = await run;

        Assert.True(result.TimedOut);
        Assert.True(result.Cancelled);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task RunAsync_OutputBeyondTheBound_IsDroppedAndFlagged()
    {
        var runner = new CommandRunner(TimeProvider.System, new CommandRunnerOptions { MaxOutputChars = 1000 });

        var result = await runner.RunAsync("sh", ["-c", "head -c 200000 /dev/zero | tr '\\0' a"], TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.OutputTruncated);
        Assert.Equal(new string('a', 1000), result.StandardOutput);
    }

    private static async Task<int> WaitForPidAsync(string pidFile)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the child never wrote its grandchild's pid");
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat) || File.ReadAllText(stat).Split(' ')[2] == "Z")
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
