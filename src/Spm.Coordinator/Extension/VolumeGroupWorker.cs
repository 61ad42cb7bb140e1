using System.Threading.Channels;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Lvm;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>
/// The single consumer of one VG's work during one term: requests for the VG run one at a time (LVM
/// metadata has one writer), different VGs run in parallel. It owns the VG's LV cache (the leader is the
/// only writer of the metadata) and the requests waiting for space.
/// </summary>
internal sealed partial class VolumeGroupWorker
{
    private readonly DomainInfo _domain;
    private readonly LeaderTerm _term;
    private readonly ExtendServices _services;
    private readonly IReplySink _replies;
    private readonly ILogger _logger;
    private readonly Channel<VgWork> _queue;
    private readonly Dictionary<string, LvInfo> _lvs = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, VolumeRecord> _registry = [];
    private readonly List<WaitingRequest> _waiting = [];
    private VgInfo? _vg;
    private volatile int _waitingCount;

    public VolumeGroupWorker(DomainInfo domain, LeaderTerm term, ExtendServices services, IReplySink replies)
    {
        _domain = domain;
        _term = term;
        _services = services;
        _replies = replies;
        _logger = services.LoggerFactory.CreateLogger<VolumeGroupWorker>();
        _queue = Channel.CreateBounded<VgWork>(new BoundedChannelOptions(services.Options.Extension.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public DomainInfo Domain => _domain;

    /// <summary>Requests waiting for space right now.</summary>
    public int WaitingCount => _waitingCount;

    private IReadOnlyList<string> Devices => _services.Domains.DevicesOf(_domain.DomainId);

    private CancellationToken Stopping => _term.Stopping;

    /// <summary>Queues work; waits while the queue is full.</summary>
    public ValueTask EnqueueAsync(VgWork work, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(work, cancellationToken);

    /// <summary>No more work: the loop ends once the queue is drained or the term stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Runs until the term stops; admin work still queued then fails with NotLeader.</summary>
    public async Task RunAsync()
    {
        try
        {
            await WarmAsync();
            var lastPoll = _services.TimeProvider.GetTimestamp();
            while (!Stopping.IsCancellationRequested)
            {
                var interval = _services.Policy.Current.SpacePollInterval;
                if (_waiting.Count == 0)
                {
                    if (!await _queue.Reader.WaitToReadAsync(Stopping))
                    {
                        break;
                    }
                }
                else if (_services.TimeProvider.GetElapsedTime(lastPoll) < interval)
                {
                    var remaining = interval - _services.TimeProvider.GetElapsedTime(lastPoll);
                    using var poll = CancellationTokenSource.CreateLinkedTokenSource(Stopping);
                    var ready = _queue.Reader.WaitToReadAsync(Stopping).AsTask();
                    var delay = Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _services.TimeProvider, poll.Token);
                    var first = await Task.WhenAny(ready, delay);
                    await poll.CancelAsync();
                    if (first == ready && !await ready)
                    {
                        break;
                    }
                }

                while (_queue.Reader.TryRead(out var work))
                {
                    await ProcessAsync(work);
                }

                if (_waiting.Count > 0 && _services.TimeProvider.GetElapsedTime(lastPoll) >= interval)
                {
                    lastPoll = _services.TimeProvider.GetTimestamp();
                    await ServeWaitingAsync();
                }
            }
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            // The term ended.
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var work))
            {
                FailNotLeader(work);
            }

            _waiting.Clear();
            UpdateWaitingGauge();
        }
    }

    private async Task ProcessAsync(VgWork work)
    {
        try
        {
            await DispatchAsync(work);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug: the admin caller gets the exception, the term ends (the runtime logs it).
            switch (work)
            {
                case AdminExtendWork admin:
                    admin.Completion.TrySetException(ex);
                    break;
                case AddPvWork addPv:
                    addPv.Completion.TrySetException(ex);
                    break;
            }

            throw;
        }
    }

    private async Task DispatchAsync(VgWork work)
    {
        switch (work)
        {
            case MailboxExtendWork mailbox:
                await ProcessMailboxAsync(mailbox.Request);
                break;
            case WithdrawWork withdraw:
                await WithdrawAsync(withdraw.Request);
                break;
            case AdminExtendWork admin:
                admin.Completion.TrySetResult(await ProcessAdminAsync(admin));
                break;
            case AddPvWork addPv:
                var outcome = await AddPhysicalVolumeAsync(addPv.Device);
                addPv.Completion.TrySetResult(outcome);
                if (outcome.Succeeded)
                {
                    await ServeWaitingAsync();
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown VG work {work.GetType().Name}.");
        }
    }

    /// <summary>Reads the VG and its LVs once at the start of the term, so that the first request needs no lvs.</summary>
    private async Task WarmAsync()
    {
        UpdateWaitingGauge();
        await RefreshVgAsync();
        await RefreshLvsAsync();
        try
        {
            foreach (var volume in await _services.DomainStore.ReadVolumesAsync(_domain.DomainId, Stopping))
            {
                _registry[volume.VolumeId] = volume;
            }
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, Stopping))
        {
            Log.RegistryReadFailed(_logger, _domain.VgName, ex);
        }
    }

    private static void FailNotLeader(VgWork work)
    {
        const string message = "the term ended before this request ran";
        switch (work)
        {
            case AdminExtendWork admin:
                admin.Completion.TrySetResult(AdminResult<ExtendVolumeOutcome>.Fail(AdminErrorCode.NotLeader, message));
                break;
            case AddPvWork addPv:
                addPv.Completion.TrySetResult(AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotLeader, message));
                break;
        }
    }

    private void UpdateWaitingGauge()
    {
        _waitingCount = _waiting.Count;
        _services.Instruments.SetWaiting(_domain.VgName, _waiting.Count);
    }

    /// <summary>Ends the term after a fenced write changed nothing, and aborts the work in hand.</summary>
    private OperationCanceledException Fenced(string what)
    {
        Log.Fenced(_logger, _term.Epoch, what);
        _term.End($"a fenced write ({what}) changed nothing: epoch {_term.Epoch} no longer holds the lease");
        return new OperationCanceledException("The term ended.", Stopping);
    }
}
