using System.Collections.Concurrent;
using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>
/// The term's small side loop for what no VG worker runs: refusals decided at admission (answered with
/// size 0, except size 0 itself, and recorded), unknown opcodes (recorded, never answered) and checksum
/// errors (counted). Hosts are served in turn from a per-slot queue, so one flooding host neither delays
/// the others much nor grows memory (a host has 63 slots), and the producer (the mailbox scan) never
/// waits. Audit rows of unknown opcodes and rate-limit refusals are rate-limited per host: the excess is
/// written as one summary row per host every <see cref="SummaryInterval"/>.
/// </summary>
internal sealed partial class TermSideLoop
{
    /// <summary>How often the counts of events not recorded one by one are written.</summary>
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(5);

    private const string UnknownOpcodeKind = "unknown_opcode";
    private const string RateLimitedKind = "rate_limited";

    private readonly LeaderTerm _term;
    private readonly ExtendServices _services;
    private readonly IReplySink _replies;
    private readonly FencedRecorder _recorder;
    private readonly ILogger _logger;
    private readonly FairQueue<SideWork> _queue;
    private readonly ConcurrentDictionary<int, int> _checksumErrors = new();
    private readonly AuditThrottle _throttle;

    public TermSideLoop(LeaderTerm term, ExtendServices services, IReplySink replies, FencedRecorder recorder, ILogger logger)
    {
        _term = term;
        _services = services;
        _replies = replies;
        _recorder = recorder;
        _logger = logger;
        // The priority lane holds at most one checksum item per host.
        _queue = new FairQueue<SideWork>(Math.Max(1, services.Options.Mailbox.MaxHosts + 1));
        _throttle = new AuditThrottle(rowsPerSecond: 1, burst: 5, services.TimeProvider);
    }

    private CancellationToken Stopping => _term.Stopping;

    /// <summary>Queues the refusal of an admitted-then-refused request (never waits).</summary>
    public void Refuse(MailboxRequest request, Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(request);
        _queue.TryEnqueue(request.Id, new RefusalWork(request, rejection), MailboxLayout.MessagesPerBlock);
    }

    /// <summary>Counts an unknown message; queues its row unless its host is over the audit rate (then counted).</summary>
    public void UnknownOpcode(MailboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _services.Instruments.CountRequest("ignored", "mailbox");
        if (_throttle.TryRecord(request.Id.HostId, UnknownOpcodeKind))
        {
            _queue.TryEnqueue(request.Id, new UnknownOpcodeWork(request), MailboxLayout.MessagesPerBlock);
        }
    }

    /// <summary>Counts a checksum error of a host (written by the loop).</summary>
    public void ChecksumError(int hostId)
    {
        _services.Instruments.CountChecksumError(hostId);
        if (_checksumErrors.AddOrUpdate(hostId, 1, (_, n) => n + 1) == 1)
        {
            _queue.TryEnqueuePriority(new ChecksumErrorWork(hostId));
        }
    }

    /// <summary>The request left its slot: a queued refusal or row for it is not needed any more.</summary>
    public void Withdraw(MailboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _queue.TryRemove(request.Id, w => w switch
        {
            RefusalWork r => r.Request.Payload.Span.SequenceEqual(request.Payload.Span),
            _ => false,
        }, out _);
    }

    public void Complete() => _queue.Complete();

    public async Task RunAsync()
    {
        await Task.Yield();
        try
        {
            var lastSummary = _services.TimeProvider.GetTimestamp();
            while (!Stopping.IsCancellationRequested)
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(Stopping))
                {
                    var ready = _queue.WaitToReadAsync(wait.Token).AsTask();
                    var delay = Task.Delay(SummaryInterval, _services.TimeProvider, wait.Token);
                    var first = await Task.WhenAny(ready, delay);
                    await wait.CancelAsync();
                    Stopping.ThrowIfCancellationRequested();
                    if (first == ready && !await ready)
                    {
                        break;
                    }
                }

                while (!Stopping.IsCancellationRequested && _queue.TryDequeue(out var work))
                {
                    await HandleAsync(work);
                }

                if (_services.TimeProvider.GetElapsedTime(lastSummary) >= SummaryInterval)
                {
                    lastSummary = _services.TimeProvider.GetTimestamp();
                    await WriteSummariesAsync();
                }
            }
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            // The term ended.
        }
    }

    private async Task HandleAsync(SideWork work)
    {
        switch (work)
        {
            case ChecksumErrorWork checksum:
                var count = _checksumErrors.TryRemove(checksum.HostId, out var n) ? n : 0;
                Log.ChecksumErrors(_logger, checksum.HostId, count);
                for (var i = 0; i < count; i++)
                {
                    await _recorder.RecordChecksumErrorAsync(checksum.HostId);
                }

                break;
            case UnknownOpcodeWork unknown:
                await RecordUnknownOpcodeAsync(unknown.Request);
                break;
            case RefusalWork refusal:
                await RefuseAsync(refusal.Request, refusal.Rejection);
                break;
        }
    }

    private async Task RefuseAsync(MailboxRequest request, Rejection rejection)
    {
        var message = request.Extend!.Value;
        var clock = new RequestClock(_services.TimeProvider, request.DetectedAt);
        if (rejection.Reason != RejectionReason.SizeZero && _term.IsValid)
        {
            await _replies.ReplyAsync(request, success: false, Stopping);
            clock.MarkAnswered();
        }

        _services.Instruments.CountRequest("rejected", "mailbox");
        if (rejection.Reason == RejectionReason.RateLimited && !_throttle.TryRecord(request.Id.HostId, RateLimitedKind))
        {
            return;
        }

        Log.Refused(_logger, request.Id.HostId, request.Id.Slot, rejection.Reason, rejection.Detail);
        var vgName = _services.Domains.TryGet(message.Domain, out var domain) ? domain.VgName : null;
        await _recorder.InsertAsync(new NewExtendRequest(
            ExtendRequestSource.Mailbox, request.Id.HostId, request.Id.Slot, null, message.Domain, message.Volume, vgName, null,
            (long)message.SizeMib, null, null, ExtendRequestState.Rejected, rejection.Detail, request.DetectedAt,
            clock.Detect.TotalSeconds, 0));
    }

    private async Task RecordUnknownOpcodeAsync(MailboxRequest request)
    {
        var payload = request.Payload.ToArray();
        var opcode = Convert.ToHexString(payload, 0, Math.Min(5, payload.Length));
        Log.UnknownOpcode(_logger, request.Id.HostId, request.Id.Slot, opcode);
        var clock = new RequestClock(_services.TimeProvider, request.DetectedAt);
        await _recorder.InsertAsync(new NewExtendRequest(
            ExtendRequestSource.Mailbox, request.Id.HostId, request.Id.Slot, payload, null, null, null, null, null, null, null,
            ExtendRequestState.Ignored, $"unknown opcode (first bytes {opcode}); left unanswered as the reference does",
            request.DetectedAt, clock.Detect.TotalSeconds, null));
    }

    /// <summary>One row per host and kind for the events that were only counted.</summary>
    private async Task WriteSummariesAsync()
    {
        foreach (var (hostId, kind, count) in _throttle.TakeSuppressed())
        {
            var unknown = kind == UnknownOpcodeKind;
            var reason = unknown
                ? $"{count} more unknown messages from host {hostId} (recorded as this one row; audit rate-limited)"
                : $"{count} more requests of host {hostId} refused over its rate limit (answered with size 0; recorded as this one row)";
            Log.Summarized(_logger, hostId, count, kind);
            await _recorder.InsertAsync(new NewExtendRequest(
                ExtendRequestSource.Mailbox, hostId, null, null, null, null, null, null, null, null, null,
                unknown ? ExtendRequestState.Ignored : ExtendRequestState.Rejected, reason,
                _services.TimeProvider.GetUtcNow(), null, null));
        }
    }
}
