using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>The real coordinator process started with bad configuration: exit 2, one line per setting, no stack trace.</summary>
[Collection(LvmTestGroup.Name)]
public sealed class ConfigurationErrorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BadSettings_ExitTwo_OneLinePerSetting_NamingTheKeyAsWritten_NoStackTrace()
    {
        await using var process = DotnetApp.Start("Spm.Coordinator",
        [
            "--ConnectionStrings:Postgres=Host=127.0.0.1;Username=u;Database=d",
            "--Coordinator:Listen=http://127.0.0.1:0",
            "--Coordinator:Telemetry:MetricsListen=",
            "--Coordinator:Mailbox:InboxPath=/tmp/lvx-none-inbox",
            "--Coordinator:Mailbox:OutboxPath=/tmp/lvx-none-outbox",
            "--Coordinator:Lease:Ttl=6 seconds",
            "--Coordinator:Mailbox:MaxHosts=many",
            "--Coordinator:Domains:0:DomainId=sdb",
            "--Coordinator:Domains:0:PhysicalVolumes:0=/dev/sdb",
        ], new ManagedProcessOptions { Output = output, Name = "bad-config" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var errors = process.Lines.Where(l => l.Contains("configuration error:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, l => l.Contains("--Coordinator:Lease:Ttl '6 seconds' is not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains("--Coordinator:Mailbox:MaxHosts 'many' is not a whole number", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains("--Coordinator:Domains:0:DomainId 'sdb' is not a UUID", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShippedExampleToken_IsRefused_ExitTwo()
    {
        await using var process = DotnetApp.Start("Spm.Coordinator",
        [
            "--ConnectionStrings:Postgres=Host=127.0.0.1;Username=u;Database=d",
            "--Coordinator:Listen=http://127.0.0.1:0",
            "--Coordinator:Telemetry:MetricsListen=",
            "--Coordinator:Mailbox:InboxPath=/tmp/lvx-none-inbox",
            "--Coordinator:Mailbox:OutboxPath=/tmp/lvx-none-outbox",
            "--Coordinator:Domains:0:DomainId=8adbc85e-e554-4ae0-b318-8a5465fe5fe1",
            "--Coordinator:Domains:0:PhysicalVolumes:0=/dev/sdb",
            "--Coordinator:AdminToken=set-a-long-random-token-here",
        ], new ManagedProcessOptions { Output = output, Name = "example-token" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(process.Lines, l => l.Contains("configuration error: --Coordinator:AdminToken is a placeholder", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }
}
