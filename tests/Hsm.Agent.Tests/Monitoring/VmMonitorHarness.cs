using System.Collections.Concurrent;
using Hsm.Agent.Extension;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using Hsm.Agent.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hsm.Agent.Tests.Monitoring;

/// <summary>
/// A <see cref="VmMonitor"/> on a fake clock against a <see cref="FakeQmpServer"/> that answers for one VM with
/// <paramref name="drives"/> pool drives (protocol nodes prot0..): counts the query-blockstats it receives and
/// records the thresholds armed. The watermark each query reports is <see cref="Watermark"/>.
/// </summary>
internal sealed class VmMonitorHarness : IAsyncDisposable
{
    public const long Mib = 1L << 20;

    private readonly TestMeterFactory _meters = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly FakeQmpServer _server = new();
    private readonly int _drives;
    private readonly Task _responder;
    private readonly Task _run;
    private int _blockStats;

    public VmMonitorHarness(int drives, ExtensionPolicyOptions policy)
    {
        _drives = drives;
        Policy = new TestOptionsMonitor<ExtensionPolicyOptions>(policy);
        Activator = new FakeVolumeActivator { LvSize = 4096 * Mib, DeviceSize = 4096 * Mib };
        var agent = new AgentOptions
        {
            DeviceRoot = "/dev",
            Domains = { ["vg1"] = Guid.Parse("11111111-2222-3333-4444-555555555555") },
            // The fake clock jumps by the safety interval: a command must not time out meanwhile.
            QmpCommandTimeout = TimeSpan.FromDays(1),
        };
        var context = new VmMonitorContext(Microsoft.Extensions.Options.Options.Create(agent), Policy,
            new DriveExtender(Sender, Activator, Time), new DriveMapper(Microsoft.Extensions.Options.Options.Create(agent)), Time,
            new AgentInstruments(_meters), NullLoggerFactory.Instance);
        Vm = new VmMonitor("vm1", _server.SocketPath, context);
        _responder = RespondAsync();
        _run = Vm.RunAsync(_stop.Token);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TestOptionsMonitor<ExtensionPolicyOptions> Policy { get; }

    public FakeVolumeActivator Activator { get; }

    public FakeExtendRequestSender Sender { get; } = new();

    public VmMonitor Vm { get; }

    /// <summary>The protocol-node watermark every query-blockstats reports.</summary>
    public long Watermark { get; set; }

    /// <summary>block-set-write-threshold is refused.</summary>
    public bool RefuseThresholds { get; set; }

    /// <summary>query-blockstats received so far (discovery included).</summary>
    public int BlockStats => Volatile.Read(ref _blockStats);

    public ConcurrentQueue<(string Node, long Threshold)> Thresholds { get; } = new();

    public static string LvName(int drive) => $"5a0c0a40-7d1b-4c3e-9d5b-0e1f2a3b4c{drive:x2}";

    public Task EventAsync(string name, string dataJson) => _server.EventAsync(name, dataJson);

    /// <summary>Waits until every drive is monitored and the check loop has taken over (first check done).</summary>
    public Task ConnectedAsync(int armed) =>
        Eventually.TrueAsync(() => Vm.Snapshot().Drives.Count == _drives && Thresholds.Count >= armed && BlockStats >= 2, "VM connected and checked");

    /// <summary>Advances the clock by <paramref name="step"/> and gives the loop time to act on it.</summary>
    public async Task AdvanceAsync(TimeSpan step)
    {
        Time.Advance(step);
        await Task.Delay(30);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await _server.DisposeAsync();
        try
        {
            await _responder;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            // The server is gone.
        }

        _stop.Dispose();
        _meters.Dispose();
    }

    private async Task RespondAsync()
    {
        await foreach (var command in _server.Commands.ReadAllAsync())
        {
            var name = command.GetProperty("execute").GetString();
            switch (name)
            {
                case "query-block":
                    await _server.ReplyAsync(command, "[" + string.Join(",", Enumerable.Range(0, _drives).Select(i =>
                        $"{{\"device\": \"d{i}\", \"inserted\": {{\"node-name\": \"fmt{i}\", \"drv\": \"qcow2\", \"file\": \"/dev/vg1/{LvName(i)}\", \"ro\": false, \"image\": {{\"virtual-size\": {10240 * Mib}}}}}}}")) + "]");
                    break;
                case "query-blockstats":
                    Interlocked.Increment(ref _blockStats);
                    await _server.ReplyAsync(command, "[" + string.Join(",", Enumerable.Range(0, _drives).Select(i =>
                        $"{{\"device\": \"d{i}\", \"node-name\": \"fmt{i}\", \"parent\": {{\"node-name\": \"prot{i}\", \"stats\": {{\"wr_highest_offset\": {Watermark}}}}}}}")) + "]");
                    break;
                case "query-named-block-nodes":
                    await _server.ReplyAsync(command, "[" + string.Join(",", Enumerable.Range(0, _drives).Select(i =>
                        $"{{\"node-name\": \"prot{i}\", \"drv\": \"host_device\", \"file\": \"/dev/vg1/{LvName(i)}\"}}")) + "]");
                    break;
                case "query-status":
                    await _server.ReplyAsync(command, "{\"status\": \"running\", \"running\": true}");
                    break;
                case "block-set-write-threshold":
                    if (RefuseThresholds)
                    {
                        await _server.SendAsync($"{{\"error\": {{\"class\": \"GenericError\", \"desc\": \"refused\"}}, \"id\": {command.GetProperty("id").GetRawText()}}}");
                        break;
                    }

                    var arguments = command.GetProperty("arguments");
                    Thresholds.Enqueue((arguments.GetProperty("node-name").GetString()!, arguments.GetProperty("write-threshold").GetInt64()));
                    await _server.ReplyAsync(command);
                    break;
                default:
                    await _server.ReplyAsync(command);
                    break;
            }
        }
    }
}
