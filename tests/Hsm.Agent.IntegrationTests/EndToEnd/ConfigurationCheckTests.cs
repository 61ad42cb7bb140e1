using LvExtend.TestSupport;
using LvExtend.TestSupport.Mailbox;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>
/// The real agent process with <c>--check-config</c>: a good configuration (real mailbox files from <see cref="TempMailbox"/>, the real lvm
/// binary, an existing QMP directory) exits 0; a refused value, a missing inbox, an unreachable libvirt and a
/// missing lvm binary are one <c>problem:</c> line each, exit 2, no stack trace.
/// </summary>
public sealed class ConfigurationCheckTests(ITestOutputHelper output) : IDisposable
{
    private const int HostId = 3;
    private readonly string _dir = TestPaths.CreateTempDirectory("agent-checkconfig");
    private readonly TempMailbox _mailbox = TempMailbox.Create();

    [Fact]
    public async Task GoodConfiguration_ExitZero_ConfigurationOk()
    {
        RequiredDependency.RequireCommand("lvm", "lvm2");
        await using var process = DotnetApp.Start("Hsm.Agent", [.. Settings(_mailbox.InboxPath, _mailbox.OutboxPath), "--check-config"],
            new ManagedProcessOptions { Output = output, Name = "agent-check-good" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains(process.Lines, l => l.Contains("configuration OK", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Lines, l => l.Contains("problem:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedValue_ExitTwo_OneLine_NoStackTrace()
    {
        await using var process = DotnetApp.Start("Hsm.Agent", [.. Settings(_mailbox.InboxPath, _mailbox.OutboxPath), "--Agent:HostId=0", "--check-config"],
            new ManagedProcessOptions { Output = output, Name = "agent-check-value" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var problems = process.Lines.Where(l => l.Contains("problem:", StringComparison.Ordinal)).ToList();
        Assert.Single(problems);
        Assert.Contains("problem: Agent:HostId must be 1..", problems[0], StringComparison.Ordinal);
        Assert.DoesNotContain(process.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingInbox_UnreachableLibvirt_MissingLvm_ExitTwo_OneLineEach_NoStackTrace()
    {
        await using var process = DotnetApp.Start("Hsm.Agent",
        [
            .. Settings(Path.Combine(_dir, "no-inbox"), _mailbox.OutboxPath),
            "--Agent:VmSource=Libvirt",
            $"--Agent:Libvirt:Uri=qemu+unix:///system?socket={_dir}/no-libvirt-sock",
            "--Agent:Activation:LvmCommand=/nonexistent/lvm",
            "--check-config",
        ], new ManagedProcessOptions { Output = output, Name = "agent-check-bad" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var problems = process.Lines.Where(l => l.Contains("problem:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, l => l.Contains("problem: Agent:InboxPath: ", StringComparison.Ordinal) && l.Contains("no-inbox", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.Contains("problem: Agent:Libvirt:Uri: ", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.Contains("problem: Agent:Activation:LvmCommand: ", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _mailbox.Dispose();
        TestPaths.DeleteDirectoryQuietly(_dir);
    }

    private string[] Settings(string inbox, string outbox) =>
    [
        $"--Agent:HostId={HostId}",
        $"--Agent:PoolId={Guid.NewGuid()}",
        $"--Agent:InboxPath={inbox}",
        $"--Agent:OutboxPath={outbox}",
        "--Agent:MailboxIoMode=BufferedWithFsync",
        $"--Agent:VmDirectory={_dir}",
        "--Agent:ListenUrl=http://127.0.0.1:0",
        "--Agent:MetricsListenUrl=",
    ];
}
