using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// Runs the readiness checks (tag <see cref="Tag"/>) behind grpc.health.v1 and returns why this instance does
/// not serve, one line per reason ("lease: ...", "database: ...", "domains: ...", "mailbox: ..."); empty when
/// it serves. <c>lvx status</c> prints these lines.
/// </summary>
internal sealed class ReadinessReporter(HealthCheckService health)
{
    /// <summary>The tag of the checks that decide SERVING.</summary>
    public const string Tag = "ready";

    public async Task<IReadOnlyList<string>> NotServingReasonsAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(Tag), cancellationToken);
        return [.. report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"{e.Key}: {OneLine(e.Value.Description ?? e.Value.Exception?.Message ?? "unhealthy")}")];
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
