using Shared.Mailbox;

namespace LvExtend.Bench.Simulation;

/// <summary>
/// A SIMULATED volume: a real LV (named after the volume UUID, as the coordinator expects) whose guest write
/// watermark is simulated, growing at the set rate. It asks for physical + chunk through its host's real
/// HostMailbox when less than the limit is left above the watermark (the agent's policy), refreshes on the
/// reply, and counts a pause when the watermark reached the LV size before the refresh.
/// </summary>
internal sealed class SimulatedVolume(Guid id, int hostId, HostMailbox mailbox, SimulationContext context)
{
    private const double Mib = 1024 * 1024;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private long _physicalBytes;
    private long _pendingBurstBytes;
    private double _anchorMib;
    private TimeSpan _anchorAt;

    public Guid Id { get; } = id;

    public int HostId { get; } = hostId;

    /// <summary>The LV: the coordinator's default LV name is the volume UUID.</summary>
    public string LvName => Id.ToString();

    /// <summary>The LV size as this host last saw it.</summary>
    public long PhysicalBytes => _physicalBytes;

    /// <summary>Sets the size the host sees and where the watermark starts.</summary>
    public void Reset(long physicalBytes, double watermarkMib)
    {
        _physicalBytes = physicalBytes;
        _anchorMib = watermarkMib;
        _anchorAt = context.Now;
    }

    /// <summary>Grows the watermark and extends whenever it crosses the threshold, until <paramref name="end"/>.</summary>
    public async Task RunSteadyAsync(TimeSpan end, CancellationToken cancellationToken)
    {
        var rate = context.RateMibps;
        while (true)
        {
            var threshold = (_physicalBytes / Mib) - context.Settings.LimitMib;
            var now = context.Now;
            var watermark = WatermarkMib(now);
            var crossAt = watermark >= threshold ? now : now + TimeSpan.FromSeconds((threshold - watermark) / rate);
            if (crossAt >= end)
            {
                return;
            }

            if (crossAt > now)
            {
                await Task.Delay(crossAt - now, cancellationToken);
            }

            if (await ExtendAsync(LoadPhase.Steady, cancellationToken) != ExtensionOutcome.Extended)
            {
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    /// <summary>One extension: request, reply, refresh, verify; the sample goes to the context.</summary>
    public async Task<ExtensionOutcome> ExtendAsync(LoadPhase phase, CancellationToken cancellationToken)
    {
        var replyTimeout = phase == LoadPhase.Burst ? context.Settings.BurstReplyTimeout : context.Settings.ReplyTimeout;
        var settings = context.Settings;
        var requestedMib = (long)Math.Ceiling(_physicalBytes / Mib) + settings.ChunkMib;
        var sentAt = DateTimeOffset.UtcNow;
        var sentOffset = context.Now;
        ExtendReply reply;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(replyTimeout);
            try
            {
                reply = await mailbox.SendAsync(new ExtendMessage(context.DomainId, Id, (ulong)requestedMib), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Record(phase, requestedMib, sentAt, sentOffset, ExtensionOutcome.TimedOut, context.Now - sentOffset, TimeSpan.Zero, 0, TimeSpan.Zero);
            }
        }

        var replyOffset = context.Now;
        if (!reply.Succeeded)
        {
            return Record(phase, requestedMib, sentAt, sentOffset, ExtensionOutcome.Refused, replyOffset - sentOffset, TimeSpan.Zero, 0, TimeSpan.Zero);
        }

        var expected = ExpectedBytes(requestedMib);
        if (phase == LoadPhase.Burst)
        {
            // The burst measures the coordinator's drain rate: the hosts refresh after it (VerifyAfterBurst), so
            // that 100 lvs forks on this machine do not compete with the coordinator's lvextend (on a real
            // system they run on the other hosts).
            _pendingBurstBytes = expected;
            return Record(phase, requestedMib, sentAt, sentOffset, ExtensionOutcome.Extended, replyOffset - sentOffset, TimeSpan.Zero, 0, TimeSpan.Zero);
        }

        var (size, reads) = await context.Refresher.RefreshAsync(LvName, expected, cancellationToken);
        var refreshedOffset = context.Now;
        var pause = TimeSpan.Zero;
        if (phase == LoadPhase.Steady)
        {
            var physicalMib = _physicalBytes / Mib;
            if (WatermarkMib(refreshedOffset) >= physicalMib)
            {
                // The guest stopped when the watermark reached the LV size and resumes now, from there.
                var fullAt = _anchorAt + TimeSpan.FromSeconds((physicalMib - _anchorMib) / context.RateMibps);
                pause = refreshedOffset - fullAt;
                _anchorMib = physicalMib;
                _anchorAt = refreshedOffset;
            }
        }

        _physicalBytes = Math.Max(_physicalBytes, size);
        var outcome = size >= expected ? ExtensionOutcome.Extended : ExtensionOutcome.NotVerified;
        return Record(phase, requestedMib, sentAt, sentOffset, outcome, replyOffset - sentOffset, refreshedOffset - replyOffset, reads, pause);
    }

    /// <summary>
    /// After the burst: takes the LV size read back for every volume at once; false when it is smaller than the
    /// burst extension granted (the sample is then reported as not verified).
    /// </summary>
    public bool VerifyAfterBurst(long sizeBytes)
    {
        _physicalBytes = Math.Max(_physicalBytes, sizeBytes);
        var verified = sizeBytes >= _pendingBurstBytes;
        _pendingBurstBytes = 0;
        return verified;
    }

    private long ExpectedBytes(long requestedMib)
    {
        var extentBytes = context.Settings.ExtentMib * (long)Mib;
        return ((requestedMib * (long)Mib) + extentBytes - 1) / extentBytes * extentBytes;
    }

    private double WatermarkMib(TimeSpan at) => _anchorMib + (context.RateMibps * (at - _anchorAt).TotalSeconds);

    private ExtensionOutcome Record(
        LoadPhase phase, long requestedMib, DateTimeOffset sentAt, TimeSpan sentOffset, ExtensionOutcome outcome,
        TimeSpan roundTrip, TimeSpan refresh, int reads, TimeSpan pause)
    {
        context.Samples.Enqueue(new ExtensionSample(
            phase, HostId, Id, requestedMib, sentAt, sentOffset, outcome, roundTrip, refresh, reads, pause));
        return outcome;
    }
}
