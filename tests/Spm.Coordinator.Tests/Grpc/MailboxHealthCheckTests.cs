using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spm.Coordinator.Grpc;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Tests.Grpc;

public sealed class MailboxHealthCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lvx-grpc-health-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string File(string name, int bytes)
    {
        var path = Path.Combine(_directory, name);
        System.IO.File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    private static Task<HealthCheckResult> CheckAsync(string inbox, string outbox)
    {
        var options = new CoordinatorOptions { Mailbox = new CoordinatorMailboxOptions { InboxPath = inbox, OutboxPath = outbox, MaxHosts = 1 } };
        return new MailboxHealthCheck(Microsoft.Extensions.Options.Options.Create(options)).CheckHealthAsync(new HealthCheckContext());
    }

    [Fact]
    public async Task CheckHealth_BothReadable_Healthy()
    {
        var result = await CheckAsync(File("inbox", 8192), File("outbox", 8192));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task CheckHealth_MissingOutbox_UnhealthyNamingIt()
    {
        var missing = Path.Combine(_directory, "no-such-outbox");

        var result = await CheckAsync(File("inbox", 8192), missing);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("outbox", result.Description, StringComparison.Ordinal);
        Assert.Contains(missing, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealth_EmptyInboxAndUnconfiguredOutbox_BothReported()
    {
        var result = await CheckAsync(File("inbox", 0), string.Empty);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("inbox", result.Description, StringComparison.Ordinal);
        Assert.Contains("empty", result.Description, StringComparison.Ordinal);
        Assert.Contains("outbox is not configured", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealth_DirectoryInsteadOfDevice_Unhealthy()
    {
        var result = await CheckAsync(_directory, File("outbox", 4096));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("inbox", result.Description, StringComparison.Ordinal);
    }
}
