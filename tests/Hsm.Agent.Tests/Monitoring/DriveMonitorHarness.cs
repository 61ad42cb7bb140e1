using Hsm.Agent.Extension;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using Hsm.Agent.Tests.Fakes;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hsm.Agent.Tests.Monitoring;

/// <summary>A drive monitor over fakes: fake clock, fake VM, fake mailbox, in-memory LV (4 MiB extents).</summary>
internal sealed class DriveMonitorHarness : IAsyncDisposable
{
    public const long Mib = 1L << 20;
    public const long ExtentBytes = 4 * Mib;

    private readonly TestMeterFactory _meters = new();
    private ExtensionLatencyTracker? _latency;

    public DriveMonitorHarness(long physical, long capacity, ExtensionPolicyOptions? policy = null)
        : this(physical, capacity, policy, null, null)
    {
    }

    /// <summary>A drive of the same agent as <paramref name="sibling"/>: the same clock and latency tracker.</summary>
    public DriveMonitorHarness(long physical, long capacity, ExtensionPolicyOptions? policy, DriveMonitorHarness sibling)
        : this(physical, capacity, policy, (sibling ?? throw new ArgumentNullException(nameof(sibling))).Time, sibling.Latency)
    {
    }

    private DriveMonitorHarness(long physical, long capacity, ExtensionPolicyOptions? policy, FakeTimeProvider? time, ExtensionLatencyTracker? latency)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _latency = latency;
        Activator = new FakeVolumeActivator { LvSize = physical, DeviceSize = physical };
        Sender.OnSuccess = request => Activator.LvSize = Math.Max(Activator.LvSize, RoundUp((long)request.SizeMib * Mib, ExtentBytes));
        // The fixed-chunk policy unless the test passes its own (the adaptive policy is the product default).
        Policy = new TestOptionsMonitor<ExtensionPolicyOptions>(policy ?? Fixed(1024, 50));
        Volume = new VolumeIdentity("vg1", "5a0c0a40-7d1b-4c3e-9d5b-0e1f2a3b4c5d", Guid.Parse("11111111-2222-3333-4444-555555555555"), Guid.Parse("5a0c0a40-7d1b-4c3e-9d5b-0e1f2a3b4c5d"));
        var drive = new DriveIdentity("vm1", "d0", "fmt0", "prot0", "/dev/vg1/" + Volume.LogicalVolume, Volume);
        Monitor = new DriveMonitor(drive, capacity, physical, Vm, new DriveExtender(Sender, Activator, Time), Policy, Latency, Time,
            new AgentInstruments(_meters), NullLogger.Instance);
    }

    public FakeTimeProvider Time { get; }

    public FakeVmControl Vm { get; } = new();

    public ExtensionLatencyTracker Latency => _latency ??= new ExtensionLatencyTracker(Time);

    public FakeExtendRequestSender Sender { get; } = new();

    public FakeVolumeActivator Activator { get; }

    public TestOptionsMonitor<ExtensionPolicyOptions> Policy { get; }

    public VolumeIdentity Volume { get; }

    public DriveMonitor Monitor { get; }

    /// <summary>The vdsm-style fixed policy: every extension adds <paramref name="chunkMib"/>; adaptive growth off.</summary>
    public static ExtensionPolicyOptions Fixed(long chunkMib, int utilizationPercent) =>
        new() { ChunkMib = chunkMib, UtilizationPercent = utilizationPercent, Adaptive = new AdaptiveGrowthOptions { Enabled = false } };

    public static long RoundUp(long value, long step) => (value + step - 1) / step * step;

    public async ValueTask DisposeAsync()
    {
        await Monitor.DisposeAsync();
        _meters.Dispose();
    }
}
