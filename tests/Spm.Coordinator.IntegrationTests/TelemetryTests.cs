using System.Text.RegularExpressions;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>The Prometheus scrape endpoint of a real coordinator process.</summary>
[Collection(LvmTestGroup.Name)]
public sealed partial class TelemetryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_AfterAnExtension_ExposePhasesResultsGaugesAndNpgsql()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 1024);
        await using var coordinator = env.StartProcess("c1", output, o => o with { MetricsListen = "http://127.0.0.1:0" });
        await coordinator.WaitForLeadershipAsync(Timeout);
        await coordinator.WaitForServingAsync(Timeout);
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 1);
        Assert.True((await host.ExtendAsync(env.DomainId, volume, 32, Timeout)).Succeeded);

        var addresses = coordinator.Process.Lines.Select(l => ListeningOn().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, addresses.Count); // gRPC (HTTP/2) and metrics (HTTP/1.1)
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string? metrics = null;
        foreach (var address in addresses)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(new Uri(address), "/metrics"));
                if (response.IsSuccessStatusCode)
                {
                    metrics = await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException)
            {
                // The HTTP/2-only gRPC endpoint.
            }
        }

        Assert.NotNull(metrics);
        foreach (var line in metrics.Split('\n').Where(l => l.StartsWith("lvextend_", StringComparison.Ordinal) && !l.Contains("_bucket{", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        Assert.Contains("lvextend_coordinator_phase_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        foreach (var phase in new[] { "detect", "validate", "lvextend", "record", "reply", "total" })
        {
            Assert.Contains($"phase=\"{phase}\"", metrics, StringComparison.Ordinal);
        }

        Assert.Matches(@"lvextend_coordinator_requests_total\{[^}]*result=""done""[^}]*\} 1", metrics);
        Assert.Matches(@"lvextend_coordinator_leader(_ratio)?\{?[^ ]*\}? 1", metrics);
        Assert.Contains("lvextend_coordinator_vg_free_bytes{", metrics, StringComparison.Ordinal);
        Assert.Contains("lvextend_lvm_command_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("db_client_", metrics, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
