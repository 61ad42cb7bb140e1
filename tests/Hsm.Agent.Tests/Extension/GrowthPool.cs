using Hsm.Agent.Extension;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hsm.Agent.Tests.Extension;

/// <summary>
/// The drives of one agent in the simulation (see <see cref="GrowthTimeline"/>): one clock, one latency tracker
/// (so an extension in flight on one drive raises every adaptive drive's estimate), and one coordinator that
/// extends one LV at a time: a request waits for the ones before it, then takes a drawn service time, plus a drawn
/// fixed cost (mailbox, refresh) that does not queue. Both can be multiplied from a given moment on (the machine
/// or the coordinator getting slower at once).
/// </summary>
internal sealed class GrowthPool
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<(GrowthTimeline Drive, double BytesPerSecond)> _drives = [];
    private readonly Func<TimeSpan> _service;
    private readonly Func<TimeSpan> _overhead;
    private TimeSpan _queueFreeAt;

    /// <param name="service">Draws the time the coordinator spends on one request (lvextend), one at a time.</param>
    /// <param name="overhead">Draws the rest of an extension's time (mailbox, refresh), not queued.</param>
    public GrowthPool(Func<TimeSpan> service, Func<TimeSpan> overhead)
    {
        _service = service;
        _overhead = overhead;
        Tracker = new ExtensionLatencyTracker(_time);
    }

    public ExtensionLatencyTracker Tracker { get; }

    public TimeSpan Now { get; private set; }

    /// <summary>Service times and overheads are multiplied by this from <see cref="SlowerFrom"/> on.</summary>
    public double SlowdownFactor { get; set; } = 1;

    public TimeSpan SlowerFrom { get; set; } = TimeSpan.MaxValue;

    public IReadOnlyList<GrowthTimeline> Drives => [.. _drives.Select(d => d.Drive)];

    /// <summary>An adaptive drive of this agent writing <paramref name="bytesPerSecond"/>.</summary>
    public GrowthTimeline AddAdaptive(AdaptiveGrowthOptions options, long capacity, long physical, long watermark, double bytesPerSecond) =>
        Add(new GrowthTimeline(options, null, capacity, physical, Latency, watermark, _time, Tracker), bytesPerSecond);

    /// <summary>A drive grown by the reference's fixed policy (physical + <paramref name="chunkMib"/> when less than 80 % of it is left).</summary>
    public GrowthTimeline AddFixed(long chunkMib, long capacity, long physical, long watermark, double bytesPerSecond) =>
        Add(new GrowthTimeline(new AdaptiveGrowthOptions(), chunkMib * ExtensionMath.Mib, capacity, physical, Latency, watermark, _time, Tracker), bytesPerSecond);

    /// <summary>Runs every drive at its rate for <paramref name="duration"/>.</summary>
    public void Run(TimeSpan duration)
    {
        var end = Now + duration;
        while (Now < end)
        {
            foreach (var (drive, rate) in _drives)
            {
                drive.Write(rate);
            }

            _time.Advance(GrowthTimeline.StepLength);
            Now += GrowthTimeline.StepLength;
            foreach (var (drive, _) in _drives)
            {
                drive.AfterStep();
            }
        }
    }

    private GrowthTimeline Add(GrowthTimeline drive, double bytesPerSecond)
    {
        _drives.Add((drive, bytesPerSecond));
        return drive;
    }

    /// <summary>The duration of an extension starting now: its wait in the coordinator's queue, its service, the overhead.</summary>
    private TimeSpan Latency()
    {
        var start = _queueFreeAt > Now ? _queueFreeAt : Now;
        var service = _service() * (Now >= SlowerFrom ? SlowdownFactor : 1);
        _queueFreeAt = start + service;
        return _queueFreeAt - Now + (_overhead() * (Now >= SlowerFrom ? SlowdownFactor : 1));
    }
}
