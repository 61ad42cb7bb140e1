using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests.Infrastructure;

/// <summary>A real coordinator (<c>dotnet Spm.Coordinator.dll --Key=Value...</c>) as a child process.</summary>
internal sealed class CoordinatorProcess : IAsyncDisposable
{
    private CoordinatorProcess(string instanceId, ManagedProcess process)
    {
        InstanceId = instanceId;
        Process = process;
    }

    public string InstanceId { get; }

    public ManagedProcess Process { get; }

    public static CoordinatorProcess Start(TestEnvironment env, string instanceId, ITestOutputHelper output, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Spm.Coordinator"] = "Debug",
            ["Logging:LogLevel:Shared.Mailbox"] = "Information",
        };
        if (overrides is not null)
        {
            foreach (var (key, value) in overrides)
            {
                settings[key] = value;
            }
        }

        var process = DotnetApp.Start(
            "Spm.Coordinator",
            env.Arguments(instanceId, settings),
            new ManagedProcessOptions { Output = output, Name = instanceId });
        return new CoordinatorProcess(instanceId, process);
    }

    /// <summary>Waits for "Leading with epoch N" at or after <paramref name="fromLine"/>; returns N.</summary>
    public async Task<long> WaitForLeadershipAsync(TimeSpan timeout, int fromLine = 0)
    {
        var line = await Process.WaitForLineAsync("Leading with epoch", timeout, fromLine);
        var text = line[(line.IndexOf("Leading with epoch ", StringComparison.Ordinal) + "Leading with epoch ".Length)..];
        return long.Parse(text[..text.IndexOf(';', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the term's mailbox serves ("serving the mailbox").</summary>
    public Task WaitForMailboxAsync(TimeSpan timeout, int fromLine = 0) => Process.WaitForLineAsync("serving the mailbox", timeout, fromLine);

    public Task WaitForCompetingAsync(TimeSpan timeout) => Process.WaitForLineAsync("competes for the lease", timeout);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
