using System.Text.RegularExpressions;
using LvExtend.TestSupport;
using Shared.Mailbox;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>
/// Every metric deploy/prometheus/alerts.yml and deploy/grafana/lvextend.json use exists: the coordinator's in a
/// live coordinator's /metrics (after an extension and a checksum error, so counters and histograms have series),
/// the agent's in the names AgentInstruments declares, rendered the way the OTel Prometheus exporter renders them
/// (a live agent needs libvirt and a guest: too costly for this check).
/// </summary>
[Collection(LvmTestGroup.Name)]
public sealed partial class MonitoringMetricNamesTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AlertsAndDashboard_CoordinatorMetrics_ExistInALiveScrape()
    {
        var wanted = UsedMetricNames().Where(n => !n.StartsWith("lvextend_agent_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("lvextend_coordinator_leader", wanted);
        Assert.Contains("lvextend_coordinator_vg_free_bytes", wanted);
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 1024);
        await using var coordinator = env.StartProcess("c1", output, o => o with { MetricsListen = "http://127.0.0.1:0" });
        await coordinator.WaitForLeadershipAsync(Timeout);
        await coordinator.WaitForServingAsync(Timeout);
        await using (var host = await HostSide.StartAsync(env.Mailbox, hostId: 1))
        {
            Assert.True((await host.ExtendAsync(env.DomainId, volume, 32, Timeout)).Succeeded);
        }

        RawInbox.WriteCorruptBlock(env.Mailbox, new MessageId(7, 0), new ExtendMessage(env.DomainId, volume, 64));

        var addresses = coordinator.Process.Lines.Select(l => ListeningOn().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var exposed = await Eventually.LatestAsync(
            async () => ExposedNames(await ScrapeAsync(http, addresses)), wanted.IsSubsetOf, Timeout, TimeSpan.FromMilliseconds(250));

        output.WriteLine("exposed: " + string.Join(' ', exposed.Where(n => n.StartsWith("lvextend_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)));
        Assert.Empty(wanted.Except(exposed).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AlertsAndDashboard_AgentMetrics_AreDeclaredByAgentInstruments()
    {
        var wanted = UsedMetricNames().Where(n => n.StartsWith("lvextend_agent_", StringComparison.Ordinal)).ToList();
        var declared = DeclaredAgentNames();

        Assert.Contains("lvextend_agent_vm_pauses_total", wanted);
        Assert.Contains("lvextend_agent_extend_attempts_total", wanted);
        Assert.Empty(wanted.Except(declared).Order(StringComparer.Ordinal));
    }

    /// <summary>The lvextend_* names in alerts.yml and the dashboard (histogram series names as used: _bucket).</summary>
    private static HashSet<string> UsedMetricNames()
    {
        var root = TestPaths.RepositoryRoot;
        var text = File.ReadAllText(Path.Combine(root, "deploy", "prometheus", "alerts.yml"))
            + File.ReadAllText(Path.Combine(root, "deploy", "grafana", "lvextend.json"));
        return MetricName().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The Prometheus names of AgentInstruments' instruments: dots to underscores, unit s -> _seconds and
    /// By -> _bytes, counters + _total, histograms as _bucket/_sum/_count (annotation units like {pause} add nothing).
    /// </summary>
    private static HashSet<string> DeclaredAgentNames()
    {
        var source = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "src", "Hsm.Agent", "Telemetry", "AgentInstruments.cs"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Instrument().Matches(source))
        {
            var name = m.Groups["name"].Value.Replace('.', '_');
            name += m.Groups["unit"].Value switch { "s" => "_seconds", "By" => "_bytes", _ => string.Empty };
            switch (m.Groups["kind"].Value)
            {
                case "Counter":
                    names.Add(name + "_total");
                    break;
                case "Histogram":
                    names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
                    break;
                default:
                    names.Add(name);
                    break;
            }
        }

        Assert.True(names.Count >= 6, "AgentInstruments.cs declares fewer instruments than expected: " + string.Join(' ', names));
        return names;
    }

    private static async Task<string> ScrapeAsync(HttpClient http, IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(new Uri(address), "/metrics"));
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException)
            {
                // The HTTP/2-only gRPC endpoint.
            }
        }

        return string.Empty;
    }

    private static HashSet<string> ExposedNames(string metrics) =>
        metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l[..l.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"\blvextend_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"Create(?:Observable)?(?<kind>Counter|Histogram|Gauge)(?:<\w+>)?\(\s*""(?<name>lvextend\.[a-z0-9._]+)""\s*,\s*(?:[^,""]+,\s*)?""(?<unit>[^""]*)""")]
    private static partial Regex Instrument();
}
