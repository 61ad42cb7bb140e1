using Hsm.Agent.Extension;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hsm.Agent.Tests.Extension;

/// <summary>
/// A simulated drive driven by a growth policy the way the drive monitor uses it (the adaptive policy, or the fixed
/// chunk of the reference through the same steps, so that both can be compared on the same timeline and the same
/// latencies): a guest writing at a
/// rate that changes over time, a fallback check every second (observe the watermark, extend when less than the
/// limit is left, re-arm earlier when the limit grew, later when it fell below half the armed headroom), a write-threshold event when the watermark passes the
/// armed threshold (observe, extend), and extensions that take a sampled time, after which the new size is used,
/// the duration recorded and the threshold re-armed. The guest pauses when its watermark reaches the LV size.
/// Time runs on a <see cref="FakeTimeProvider"/> in fixed steps. The latency tracker starts empty, so every
/// timeline includes the bootstrap (the prior, then the first measured extensions); an adaptive drive's extension
/// is in flight for the tracker from its start to its completion, as the extension flow tells it. Alone, a timeline
/// owns its clock and tracker; in a <see cref="GrowthPool"/> the drives of one agent share them.
/// </summary>
internal sealed class GrowthTimeline
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time;
    private readonly bool _ownsTime;
    private readonly AdaptiveGrowthOptions _options;
    private readonly WriteRateMeter _meter;
    private readonly ExtensionLatencyTracker _tracker;
    private readonly Func<TimeSpan> _latency;
    private readonly long? _fixedChunk;
    private readonly long _capacity;
    private double _watermark;
    private long _physical;
    private long? _armed;
    private (TimeSpan StartedAt, TimeSpan CompletesAt, long NextSize, long? InFlight)? _pending;
    private bool _paused;
    private double _unwrittenByteSeconds;

    /// <summary>A drive grown by the adaptive policy with <paramref name="options"/>.</summary>
    /// <param name="options">The policy's options.</param>
    /// <param name="capacity">The virtual size.</param>
    /// <param name="physical">The LV size at the start.</param>
    /// <param name="latency">Draws each extension's duration.</param>
    /// <param name="watermark">The watermark at the start (default 0).</param>
    public GrowthTimeline(AdaptiveGrowthOptions options, long capacity, long physical, Func<TimeSpan> latency, long watermark = 0)
        : this(options, null, capacity, physical, latency, watermark, null, null)
    {
    }

    internal GrowthTimeline(
        AdaptiveGrowthOptions options, long? fixedChunk, long capacity, long physical, Func<TimeSpan> latency, long watermark,
        FakeTimeProvider? sharedTime, ExtensionLatencyTracker? sharedTracker)
    {
        _ownsTime = sharedTime is null;
        _time = sharedTime ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _watermark = watermark;
        _options = options;
        _fixedChunk = fixedChunk;
        _capacity = capacity;
        _physical = physical;
        _latency = latency;
        _meter = new WriteRateMeter(_time);
        _tracker = sharedTracker ?? new ExtensionLatencyTracker(_time);
        _meter.Observe(watermark, _options);
        _armed = Decide().ThresholdBytes; // the drive is armed when the monitor starts
    }

    /// <summary>The agent's (and the bench's) fixed utilization: extend when less than 80 % of the chunk is left (2048 of 2560 MiB).</summary>
    public const int FixedUtilizationPercent = 20;

    public TimeSpan Now { get; private set; }

    public int Pauses { get; private set; }

    public TimeSpan PausedTime { get; private set; }

    /// <summary>When each pause began.</summary>
    public List<TimeSpan> PausedAt { get; } = [];

    public int Extensions { get; private set; }

    public long Physical => _physical;

    public long MaxPhysical { get; private set; }

    /// <summary>The smallest growth asked for when the cap did not cut it.</summary>
    public long MinChunkSeen { get; private set; } = long.MaxValue;

    public double Watermark => _watermark;

    /// <summary>Free space above the watermark (allocated, not yet written) integrated over time, byte-seconds.</summary>
    public double UnwrittenByteSeconds => _unwrittenByteSeconds;

    /// <summary>Mean free space above the watermark (allocated, not yet written), bytes.</summary>
    public double MeanUnwrittenBytes => Now > TimeSpan.Zero ? _unwrittenByteSeconds / Now.TotalSeconds : 0;

    /// <summary>A drive grown by the reference's fixed policy: physical + <paramref name="chunkMib"/> when less than 80 % of it is left.</summary>
    public static GrowthTimeline Fixed(long chunkMib, long capacity, long physical, Func<TimeSpan> latency, long watermark = 0) =>
        new(new AdaptiveGrowthOptions(), chunkMib * ExtensionMath.Mib, capacity, physical, latency, watermark, null, null);

    /// <summary>Whether an adaptive drive tells the tracker its extension in flight (true, as the extension flow does; false to compare).</summary>
    public bool TellsInFlight { get; set; } = true;

    /// <summary>The step of the simulation.</summary>
    public static TimeSpan StepLength => Step;

    /// <summary>Zeroes the pause counters (the end of a warm-up).</summary>
    public void ResetPauses()
    {
        Pauses = 0;
        PausedTime = TimeSpan.Zero;
    }

    public double RateEstimate => _meter.BytesPerSecond;

    /// <summary>Runs for <paramref name="duration"/> with the guest writing <paramref name="bytesPerSecond"/> (up to the capacity).</summary>
    public void Run(TimeSpan duration, double bytesPerSecond)
    {
        if (!_ownsTime)
        {
            throw new InvalidOperationException("a drive of a pool runs with its pool");
        }

        var end = Now + duration;
        while (Now < end)
        {
            StepOnce(bytesPerSecond);
        }
    }

    private void StepOnce(double rate)
    {
        Write(rate);
        _time.Advance(Step);
        AfterStep();
    }

    /// <summary>The first half of a step: the guest writes (or pauses). A pool calls it on every drive, advances the clock, then <see cref="AfterStep"/>.</summary>
    internal void Write(double rate)
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
                    PausedAt.Add(Now);
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
    }

    /// <summary>The second half of a step, the clock advanced: completions, crossings, the check.</summary>
    internal void AfterStep()
    {
        Now += Step;
        _unwrittenByteSeconds += (_physical - _watermark) * Step.TotalSeconds;
        if (_pending is { } pending && Now >= pending.CompletesAt)
        {
            _pending = null;
            _physical = Math.Max(_physical, pending.NextSize);
            MaxPhysical = Math.Max(MaxPhysical, _physical);
            _tracker.Record(Now - pending.StartedAt, _options);
            if (pending.InFlight is { } id)
            {
                _tracker.End(id);
            }

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
                else if (_armed is null || decision.ThresholdBytes < _armed
                    || (_fixedChunk is null && AdaptiveChunkPolicy.HeadroomFarTooLarge(_physical - _armed.Value, decision.LimitBytes)))
                {
                    _armed = decision.ThresholdBytes;
                }
            }
        }
    }

    private ChunkDecision Decide()
    {
        if (_fixedChunk is not { } chunk)
        {
            return AdaptiveChunkPolicy.Decide(_physical, _capacity, _meter.BytesPerSecond, _tracker.Estimate(_options), _options);
        }

        // The drive monitor's fixed branch: ExtensionMath, as vdsm.
        var limit = ExtensionMath.WatermarkLimit(chunk, FixedUtilizationPercent);
        var uncapped = ExtensionMath.RoundUp(_physical + chunk, ExtensionMath.Mib);
        return new ChunkDecision(chunk, limit, ExtensionMath.NextSize(_physical, _capacity, chunk), ExtensionMath.Threshold(_physical, limit),
            _meter.BytesPerSecond, TimeSpan.Zero, uncapped > ExtensionMath.MaxSize(_capacity));
    }

    private void Start()
    {
        if (!ExtensionMath.CanExtend(_physical, _capacity))
        {
            _armed = null;
            return;
        }

        var decision = Decide();
        if (!decision.Capped)
        {
            MinChunkSeen = Math.Min(MinChunkSeen, decision.NextSizeBytes - _physical);
        }

        Extensions++;
        _armed = null;
        long? inFlight = _fixedChunk is null && TellsInFlight ? _tracker.Begin(_time.GetUtcNow()) : null;
        _pending = (Now, Now + _latency(), decision.NextSizeBytes, inFlight);
    }
}
