using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Grpc;

/// <summary>Healthy when the configured mailbox inbox and outbox exist and can be opened and read.</summary>
internal sealed class MailboxHealthCheck : IHealthCheck
{
    private readonly IOptions<CoordinatorOptions> _options;

    public MailboxHealthCheck(IOptions<CoordinatorOptions> options)
    {
        _options = options;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var mailbox = _options.Value.Mailbox;
        var problems = new List<string>(2);
        Probe("inbox", mailbox.InboxPath, problems);
        Probe("outbox", mailbox.OutboxPath, problems);
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("the mailbox inbox and outbox are readable")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }

    /// <summary>Opens <paramref name="path"/> for reading and reads its first byte; records why not otherwise.</summary>
    internal static void Probe(string name, string path, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add($"the mailbox {name} is not configured");
            return;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            Span<byte> first = stackalloc byte[1];
            if (stream.Read(first) != 1)
            {
                problems.Add($"the mailbox {name} {path} is empty");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"the mailbox {name} {path} cannot be read: {ex.Message}");
        }
    }
}
