using Hsm.Agent.Extension;
using Shared.Mailbox;

namespace LvExtend.Bench.Growth;

/// <summary>
/// A SIMULATED volume of the growth phase: a real LV whose guest writes at its own constant rate, extended through
/// its host's real HostMailbox by one of two policies. Fixed: ask for physical + 2.5 GiB when less than 2 GiB is
/// left (the reference). Adaptive: the agent's <see cref="WriteRateMeter"/> (fed every second, as the drive
/// monitor's check, and at every threshold crossing and re-arm), the phase's <see cref="ExtensionLatencyTracker"/>
/// (crossing to refreshed; its estimate also counts the adaptive extensions in flight) and
/// <see cref="AdaptiveChunkPolicy"/> size the chunk and place the threshold; the
/// threshold moves earlier at a check when the limit grew, later when it fell below half the armed headroom. The guest pauses when its watermark reaches the LV size
/// before the refresh. Tracks the space allocated beyond what was written, integrated over time.
/// </summary>
internal sealed class GrowthVolume
{
    private const double Mib = 1024 * 1024;
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly HostMailbox _mailbox;
    private readonly GrowthContext _context;
    private readonly ExtensionLatencyTracker _tracker;
    private readonly WriteRateMeter? _meter;
    private readonly List<double> _chunksMib = [];
    private readonly List<double> _extensionMs = [];
    private readonly List<GrowthExtension> _trace = [];
    private long _physical;
    private double _anchorMib;
    private TimeSpan _anchorAt;
    private double _armedMib;
    private TimeSpan _accountedAt;
    private double _unwrittenMibSeconds;
    private TimeSpan _measuredFrom;
    private double _writtenAtStartMib;
    private long _physicalAtStart;
    private double _wakeLateMs;

    public GrowthVolume(
        Guid id, int index, int hostId, HostMailbox mailbox, GrowthContext context, ExtensionLatencyTracker tracker, GrowthPolicyKind policy, double rateMibps)
    {
        Id = id;
        Index = index;
        HostId = hostId;
        _mailbox = mailbox;
        _context = context;
        _tracker = tracker;
        Policy = policy;
        RateMibps = rateMibps;
        _meter = policy == GrowthPolicyKind.Adaptive ? new WriteRateMeter(context.TimeProvider) : null;
    }

    public Guid Id { get; }

    /// <summary>The volume's index within its rate and policy (for the trace).</summary>
    public int Index { get; }

    public int HostId { get; }

    public GrowthPolicyKind Policy { get; }

    public double RateMibps { get; }

    public string LvName => Id.ToString();

    private int Extensions { get; set; }

    private int Failed { get; set; }

    private int Pauses { get; set; }

    private double PausedSeconds { get; set; }

    private int WarmUpPauses { get; set; }

    /// <summary>
    /// Starts the guest as if its policy had just extended it: the watermark the policy's limit plus a random share
    /// of its chunk below the LV size (what an earlier steady state leaves), so that crossings are spread.
    /// </summary>
    public void Start(long physicalBytes, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var now = _context.Now;
        _physical = physicalBytes;
        (double limitMib, double chunkMib) = Policy == GrowthPolicyKind.Fixed
            ? (_context.FixedLimitMib, (double)_context.Settings.GrowthFixedChunkMib)
            : ((double)_context.Adaptive.MinHeadroomMib, (double)_context.Adaptive.MinChunkMib);
        _anchorMib = Math.Max(0, PhysicalMib - limitMib - (random.NextDouble() * chunkMib));
        _anchorAt = now;
        _accountedAt = now;
        _meter?.Observe(WatermarkBytes(now), _context.Adaptive);
        Arm();
    }

    /// <summary>Ends the warm-up: the counters start from zero now.</summary>
    public void StartMeasuring()
    {
        var now = _context.Now;
        Account(now);
        WarmUpPauses = Pauses;
        Pauses = 0;
        PausedSeconds = 0;
        Extensions = 0;
        Failed = 0;
        _chunksMib.Clear();
        _extensionMs.Clear();
        _unwrittenMibSeconds = 0;
        _measuredFrom = now;
        _writtenAtStartMib = WatermarkMib(now);
        _physicalAtStart = _physical;
    }

    /// <summary>Writes and extends until <paramref name="end"/>.</summary>
    public async Task RunAsync(TimeSpan end, CancellationToken cancellationToken)
    {
        var nextCheck = _context.Now + CheckInterval;
        while (true)
        {
            var now = _context.Now;
            var watermark = WatermarkMib(now);
            var crossAt = watermark >= _armedMib ? now
                : RateMibps > 0 ? now + TimeSpan.FromSeconds((_armedMib - watermark) / RateMibps) : TimeSpan.MaxValue;
            var wake = _meter is null || crossAt < nextCheck ? crossAt : nextCheck;
            if (wake >= end)
            {
                return;
            }

            _wakeLateMs = 0;
            if (wake > now)
            {
                await Task.Delay(wake - now, cancellationToken);
                now = _context.Now;
                _wakeLateMs = (now - wake).TotalMilliseconds;
            }

            if (_meter is not null && now >= nextCheck)
            {
                nextCheck = now + CheckInterval;
                if (Check(now))
                {
                    await ExtendAsync(cancellationToken);
                    continue;
                }
            }

            if (WatermarkMib(now) >= _armedMib)
            {
                _meter?.Observe(WatermarkBytes(now), _context.Adaptive);
                await ExtendAsync(cancellationToken);
            }
        }
    }

    /// <summary>The figures since <see cref="StartMeasuring"/>, up to now.</summary>
    public GrowthVolumeResult Result()
    {
        var now = _context.Now;
        Account(now);
        var seconds = (now - _measuredFrom).TotalSeconds;
        return new GrowthVolumeResult(
            Policy, RateMibps, Extensions, Failed, Pauses, PausedSeconds, WarmUpPauses,
            seconds > 0 ? _unwrittenMibSeconds / seconds : double.NaN,
            PhysicalMib - WatermarkMib(now),
            WatermarkMib(now) - _writtenAtStartMib,
            (_physical - _physicalAtStart) / Mib,
            [.. _chunksMib],
            [.. _extensionMs],
            [.. _trace]);
    }

    private double PhysicalMib => _physical / Mib;

    /// <summary>The agent's fallback check (adaptive only): observe; true when less than the limit is left; else re-arm earlier (or, past a factor 2, later) if needed.</summary>
    private bool Check(TimeSpan now)
    {
        var options = _context.Adaptive;
        _meter!.Observe(WatermarkBytes(now), options);
        var limitMib = AdaptiveChunkPolicy.Limit(_meter.BytesPerSecond, _tracker.Estimate(options), options) / Mib;
        if (PhysicalMib - WatermarkMib(now) < limitMib)
        {
            return true;
        }

        // Earlier when the limit grew; later when it fell below half the armed headroom (the drive monitor's check).
        var wanted = Math.Max(1 / Mib, PhysicalMib - limitMib);
        _armedMib = AdaptiveChunkPolicy.HeadroomFarTooLarge((long)((PhysicalMib - _armedMib) * Mib), (long)(limitMib * Mib)) ? wanted : Math.Min(_armedMib, wanted);
        return false;
    }

    private async Task ExtendAsync(CancellationToken cancellationToken)
    {
        // Only the adaptive volumes are the agent's drives: their extensions in flight raise its estimate (crossing to refreshed).
        var inFlight = _meter is null ? (long?)null : _tracker.Begin(_context.TimeProvider.GetUtcNow());
        try
        {
            await ExtendOnceAsync(cancellationToken);
        }
        finally
        {
            if (inFlight is { } id)
            {
                _tracker.End(id);
            }
        }
    }

    private async Task ExtendOnceAsync(CancellationToken cancellationToken)
    {
        var settings = _context.Settings;
        var crossedAt = _context.Now;
        var oldPhysical = _physical;
        var freeAtCrossing = PhysicalMib - WatermarkMib(crossedAt);
        var nextBytes = Policy == GrowthPolicyKind.Fixed
            ? oldPhysical + (settings.GrowthFixedChunkMib * (long)Mib)
            : AdaptiveChunkPolicy.Decide(oldPhysical, settings.GrowthCapacityMib * (long)Mib, _meter!.BytesPerSecond, _tracker.Estimate(_context.Adaptive), _context.Adaptive).NextSizeBytes;
        var requestedMib = (long)Math.Ceiling(nextBytes / Mib);
        var sentAt = DateTimeOffset.UtcNow;
        var sentOffset = _context.Now;
        ExtendReply reply;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(settings.ReplyTimeout);
            try
            {
                reply = await _mailbox.SendAsync(new ExtendMessage(_context.DomainId, Id, (ulong)requestedMib), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Failed++;
                return;
            }
        }

        if (!reply.Succeeded)
        {
            Failed++;
            await Task.Delay(RetryDelay, cancellationToken);
            return;
        }

        var extentBytes = settings.ExtentMib * (long)Mib;
        var expected = ((requestedMib * (long)Mib) + extentBytes - 1) / extentBytes * extentBytes;
        var repliedAt = _context.Now;
        var (size, reads) = await _context.Refresher.RefreshAsync(LvName, expected, cancellationToken);
        var now = _context.Now;
        Account(now);
        var pausedSeconds = 0.0;
        if (RateMibps > 0 && UncappedWatermarkMib(now) >= PhysicalMib)
        {
            var fullAt = _anchorAt + TimeSpan.FromSeconds((PhysicalMib - _anchorMib) / RateMibps);
            pausedSeconds = Math.Max(0, (now - fullAt).TotalSeconds);
            Pauses++;
            PausedSeconds += pausedSeconds;
            _anchorMib = PhysicalMib;
            _anchorAt = now;
        }

        _physical = Math.Max(_physical, size);
        if (size < expected)
        {
            Failed++;
        }

        Extensions++;
        _chunksMib.Add((_physical - oldPhysical) / Mib);
        _extensionMs.Add((now - crossedAt).TotalMilliseconds);
        _trace.Add(new GrowthExtension(Policy, RateMibps, Index, crossedAt.TotalSeconds, (now - crossedAt).TotalMilliseconds, freeAtCrossing,
            (_physical - oldPhysical) / Mib, pausedSeconds, HostId, Id, requestedMib, sentAt, _wakeLateMs, (sentOffset - crossedAt).TotalMilliseconds,
            (repliedAt - sentOffset).TotalMilliseconds, (now - repliedAt).TotalMilliseconds, reads));
        if (_meter is not null)
        {
            // Only the adaptive volumes feed the tracker: the policy learns from its own extensions.
            _tracker.Record(now - crossedAt, _context.Adaptive);
        }

        _meter?.Observe(WatermarkBytes(now), _context.Adaptive);
        Arm();
    }

    /// <summary>Places the threshold for the current size: physical - the policy's limit.</summary>
    private void Arm()
    {
        var limitMib = _meter is null
            ? _context.FixedLimitMib
            : AdaptiveChunkPolicy.Limit(_meter.BytesPerSecond, _tracker.Estimate(_context.Adaptive), _context.Adaptive) / Mib;
        _armedMib = Math.Max(1 / Mib, PhysicalMib - limitMib);
    }

    /// <summary>Adds the allocated-but-unwritten space since the last call (the watermark is linear, capped at the LV size).</summary>
    private void Account(TimeSpan now)
    {
        if (now <= _accountedAt)
        {
            return;
        }

        var a = _accountedAt.TotalSeconds;
        var b = now.TotalSeconds;
        var fullAt = RateMibps > 0 ? _anchorAt.TotalSeconds + ((PhysicalMib - _anchorMib) / RateMibps) : double.PositiveInfinity;
        var until = Math.Min(b, Math.Max(a, fullAt));
        if (until > a)
        {
            var wa = _anchorMib + (RateMibps * (a - _anchorAt.TotalSeconds));
            var wb = _anchorMib + (RateMibps * (until - _anchorAt.TotalSeconds));
            _unwrittenMibSeconds += (PhysicalMib - ((wa + wb) / 2)) * (until - a);
        }

        _accountedAt = now;
    }

    private double UncappedWatermarkMib(TimeSpan at) => _anchorMib + (RateMibps * (at - _anchorAt).TotalSeconds);

    private double WatermarkMib(TimeSpan at) => Math.Min(PhysicalMib, UncappedWatermarkMib(at));

    private long WatermarkBytes(TimeSpan at) => (long)(WatermarkMib(at) * Mib);
}
