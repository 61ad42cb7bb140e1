using Hsm.Agent.Extension;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hsm.Agent.Tests.Extension;

/// <summary>
/// A simulated drive driven by the adaptive policy the way the drive monitor is to use it: a guest writing at a
/// rate that changes over time, a fallback check every second (observe the watermark, extend when less than the
/// limit is left, re-arm earlier when the limit grew), a write-threshold event when the watermark passes the
/// armed threshold (observe, extend), and extensions that take a sampled time, after which the new size is used,
/// the duration recorded and the threshold re-armed. The guest pauses when its watermark reaches the LV size.
/// Time runs on a <see cref="FakeTimeProvider"/> in fixed steps.
/// </summary>
internal sealed class GrowthTimeline
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AdaptiveGrowthOptions _options;
    private readonly WriteRateMeter _meter;
    private readonly ExtensionLatencyTracker _tracker;
    private readonly Func<TimeSpan> _latency;
    private readonly long _capacity;
    private double _watermark;
    private long _physical;
    private long? _armed;
    private (TimeSpan StartedAt, TimeSpan CompletesAt, long NextSize)? _pending;
    private bool _paused;
    private double _unwrittenByteSeconds;

    public GrowthTimeline(AdaptiveGrowthOptions options, long capacity, long physical, Func<TimeSpan> latency)
    {
        _options = options;
        _capacity = capacity;
        _physical = physical;
        _latency = latency;
        _meter = new WriteRateMeter(_time);
        _tracker = new ExtensionLatencyTracker(_time);
        _meter.Observe(0, _options);
        _armed = Decide().ThresholdBytes; // the drive is armed when the monitor starts
    }

    public TimeSpan Now { get; private set; }

    public int Pauses { get; private set; }

    public TimeSpan PausedTime { get; private set; }

    public int Extensions { get; private set; }

    public long Physical => _physical;

    public long MaxPhysical { get; private set; }

    public long MinChunkSeen { get; private set; } = long.MaxValue;

    public double Watermark => _watermark;

    /// <summary>Mean free space above the watermark (allocated, not yet written), bytes.</summary>
    public double MeanUnwrittenBytes => Now > TimeSpan.Zero ? _unwrittenByteSeconds / Now.TotalSeconds : 0;

    public double RateEstimate => _meter.BytesPerSecond;

    /// <summary>Runs for <paramref name="duration"/> with the guest writing <paramref name="bytesPerSecond"/> (up to the capacity).</summary>
    public void Run(TimeSpan duration, double bytesPerSecond)
    {
        var end = Now + duration;
        while (Now < end)
        {
            StepOnce(bytesPerSecond);
        }
    }

    private void StepOnce(double rate)
    {
        var capacity = (double)_capacity;
        if (rate > 0 && _watermark < capacity)
        {
            var room = Math.Min(_physical, capacity);
            if (_watermark >= _physical)
            {
                if (!_paused)
                {
                    Pauses++;
                }

                _paused = true;
                PausedTime += Step;
            }
            else
            {
                _paused = false;
                _watermark = Math.Min(room, _watermark + (rate * Step.TotalSeconds));
            }
        }

        _time.Advance(Step);
        Now += Step;
        _unwrittenByteSeconds += (_physical - _watermark) * Step.TotalSeconds;
        if (_pending is { } pending && Now >= pending.CompletesAt)
        {
            _pending = null;
            _physical = Math.Max(_physical, pending.NextSize);
            MaxPhysical = Math.Max(MaxPhysical, _physical);
            _tracker.Record(Now - pending.StartedAt, _options);
            _meter.Observe((long)_watermark, _options);
            _armed = Decide().ThresholdBytes;
        }

        if (_pending is null && _armed is { } armed && _watermark > armed)
        {
            _meter.Observe((long)_watermark, _options);
            Start();
        }

        if (Now.Ticks % CheckInterval.Ticks == 0)
        {
            _meter.Observe((long)_watermark, _options);
            if (_pending is null)
            {
                var decision = Decide();
                if (ExtensionMath.NeedsExtend(_physical, (long)_watermark, decision.LimitBytes))
                {
                    Start();
                }
                else if (_armed is null || decision.ThresholdBytes < _armed)
                {
                    _armed = decision.ThresholdBytes;
                }
            }
        }
    }

    private ChunkDecision Decide() => AdaptiveChunkPolicy.Decide(_physical, _capacity, _meter.BytesPerSecond, _tracker.P99(_options), _options);

    private void Start()
    {
        if (!ExtensionMath.CanExtend(_physical, _capacity))
        {
            _armed = null;
            return;
        }

        var decision = Decide();
        MinChunkSeen = Math.Min(MinChunkSeen, decision.NextSizeBytes - _physical);
        Extensions++;
        _armed = null;
        _pending = (Now, Now + _latency(), decision.NextSizeBytes);
    }
}
