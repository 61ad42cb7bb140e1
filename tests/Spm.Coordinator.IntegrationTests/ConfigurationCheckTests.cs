using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox;
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
    private readonly TempMailbox _mailbox = TempMailbox.Create();

    [Fact]
    public async Task GoodConfiguration_RealDatabaseAndMailbox_ExitZero_ConfigurationOk()
    {
        await using var coordinator = CheckConfig(Options(PostgresDatabase.ServerConnectionString), "check-good");
        var process = coordinator.Process;

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains(process.Lines, l => l.Contains("configuration OK", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Lines, l => l.Contains("problem:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadValue_MissingInbox_UnreachableDatabase_MissingLvm_ExitTwo_OneLineEach_NoStackTrace()
    {
        var options = Options("Host=127.0.0.1;Port=1;Username=u;Database=d") with
        {
            InboxPath = Path.Combine(_mailbox.Directory, "no-inbox"),
            AdditionalSettings = new Dictionary<string, string?>
            {
                // The flat legacy key, with the shipped placeholder, and a setting the launcher does not type.
                ["Coordinator:AdminToken"] = "set-a-long-random-token-here",
                ["Coordinator:Lvm:CommandPath"] = "/nonexistent/lvm",
            },
        };
        await using var coordinator = CheckConfig(options, "check-bad");
        var process = coordinator.Process;

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

    public void Dispose() => _mailbox.Dispose();

    private CoordinatorLaunchOptions Options(string connectionString) => new()
    {
        ConnectionString = connectionString,
        PoolId = "check-config",
        InboxPath = _mailbox.InboxPath,
        OutboxPath = _mailbox.OutboxPath,
        MaxHosts = 4,
        IoMode = MailboxIoMode.BufferedWithFsync,
        Domains = [new CoordinatorDomain(Guid.Parse("8adbc85e-e554-4ae0-b318-8a5465fe5fe1"), "8adbc85e-e554-4ae0-b318-8a5465fe5fe1", ["/dev/sdb"])],
    };

    private CoordinatorProcess CheckConfig(CoordinatorLaunchOptions options, string name) =>
        CoordinatorProcess.Start(options, new CoordinatorProcessOptions { Output = output, Name = name, Arguments = ["--check-config"] });
}
