using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>
/// The real coordinator process with <c>--check-config</c>: a good configuration against a real PostgreSQL and
/// real mailbox files exits 0; each problem (a value the validator refuses, a missing inbox, an unreachable
/// database, a missing lvm binary) is one <c>problem:</c> line, exit 2, no stack trace.
/// </summary>
[Collection(LvmTestGroup.Name)]
public sealed class ConfigurationCheckTests(ITestOutputHelper output) : IDisposable
{
    private const int MaxHosts = 4;
    private readonly string _dir = Directory.CreateTempSubdirectory("lvx-checkconfig-").FullName;

    [Fact]
    public async Task GoodConfiguration_RealDatabaseAndMailbox_ExitZero_ConfigurationOk()
    {
        var (inbox, outbox) = CreateMailbox();
        await using var process = DotnetApp.Start("Spm.Coordinator",
            [.. Settings(PostgresDatabase.ServerConnectionString, inbox, outbox), "--check-config"],
            new ManagedProcessOptions { Output = output, Name = "check-good" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains(process.Lines, l => l.Contains("configuration OK", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Lines, l => l.Contains("problem:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadValue_MissingInbox_UnreachableDatabase_MissingLvm_ExitTwo_OneLineEach_NoStackTrace()
    {
        var (_, outbox) = CreateMailbox();
        await using var process = DotnetApp.Start("Spm.Coordinator",
        [
            .. Settings("Host=127.0.0.1;Port=1;Username=u;Database=d", Path.Combine(_dir, "no-inbox"), outbox),
            "--Coordinator:AdminToken=set-a-long-random-token-here",
            "--Coordinator:Lvm:CommandPath=/nonexistent/lvm",
            "--check-config",
        ], new ManagedProcessOptions { Output = output, Name = "check-bad" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var problems = process.Lines.Where(l => l.Contains("problem:", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, l => l.Contains("problem: --Coordinator:AdminToken is a placeholder", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.Contains("problem: --Coordinator:Mailbox:InboxPath: ", StringComparison.Ordinal) && l.Contains("no-inbox", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.Contains("problem: --ConnectionStrings:Postgres: cannot connect to PostgreSQL at 127.0.0.1:1", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.Contains("problem: --Coordinator:Lvm:CommandPath: ", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Lines, l => l.Contains("configuration OK", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Settings(string connectionString, string inbox, string outbox) =>
    [
        $"--ConnectionStrings:Postgres={connectionString}",
        "--Coordinator:Listen=http://127.0.0.1:0",
        "--Coordinator:Telemetry:MetricsListen=",
        $"--Coordinator:Mailbox:InboxPath={inbox}",
        $"--Coordinator:Mailbox:OutboxPath={outbox}",
        $"--Coordinator:Mailbox:MaxHosts={MaxHosts}",
        "--Coordinator:Mailbox:IoMode=BufferedWithFsync",
        "--Coordinator:Domains:0:DomainId=8adbc85e-e554-4ae0-b318-8a5465fe5fe1",
        "--Coordinator:Domains:0:PhysicalVolumes:0=/dev/sdb",
    ];

    private (string Inbox, string Outbox) CreateMailbox()
    {
        var inbox = Path.Combine(_dir, "inbox");
        var outbox = Path.Combine(_dir, "outbox");
        foreach (var path in new[] { inbox, outbox })
        {
            using var file = File.Create(path);
            file.SetLength((MaxHosts + 1L) * 4096);
        }

        return (inbox, outbox);
    }
}
