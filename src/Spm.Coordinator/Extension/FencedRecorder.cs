using Spm.Coordinator.Leadership;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>
/// The term's writes to PostgreSQL, each fenced by the epoch. A write the fence refuses (another epoch
/// holds the lease) ends the term and aborts the work in hand (<see cref="OperationCanceledException"/>
/// on the term's token); a database that does not answer after a short retry ends the term too.
/// Bookkeeping that can be lost without harm (reply durations, the volume registry) is best effort.
/// </summary>
internal sealed partial class FencedRecorder
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(750)];

    private readonly LeaderTerm _term;
    private readonly IRequestStore _requests;
    private readonly IDomainStore _domains;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public FencedRecorder(LeaderTerm term, IRequestStore requests, IDomainStore domains, TimeProvider timeProvider, ILogger logger)
    {
        _term = term;
        _requests = requests;
        _domains = domains;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private CancellationToken Stopping => _term.Stopping;

    /// <summary>
    /// The gate of an LVM mutation: confirms in the database that this epoch still holds the lease, or ends the term
    /// (<see cref="OperationCanceledException"/>). One read, on the request's path.
    /// </summary>
    public async Task CheckFenceAsync(RequestClock? clock = null)
    {
        var start = _timeProvider.GetTimestamp();
        var holds = await WithRetryAsync(ct => _requests.FenceHoldsAsync(_term.Fence, ct), "the check before an LVM mutation");
        AddRecordTime(clock, start);
        if (!holds)
        {
            throw Fenced("the check before an LVM mutation");
        }
    }

    /// <summary>Records a new request; its id.</summary>
    public async Task<long> InsertAsync(NewExtendRequest request, RequestClock? clock = null)
    {
        var start = _timeProvider.GetTimestamp();
        var id = await WithRetryAsync(ct => _requests.InsertAsync(_term.Fence, request, ct), "insert request");
        AddRecordTime(clock, start);
        return id ?? throw Fenced("insert request");
    }

    /// <summary>Moves a request of this term to a new state.</summary>
    public async Task TransitionAsync(long id, RequestTransition transition, RequestClock? clock = null)
    {
        var start = _timeProvider.GetTimestamp();
        var changed = await WithRetryAsync(ct => _requests.TransitionAsync(_term.Fence, id, transition, ct), "update request");
        AddRecordTime(clock, start);
        if (!changed)
        {
            throw Fenced("update request");
        }
    }

    /// <summary>Adds the reply, total and record durations (best effort).</summary>
    public async Task RecordDurationsAsync(long id, RequestClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        try
        {
            if (!await _requests.RecordReplyAsync(
                _term.Fence, id, clock.Reply.TotalSeconds, (clock.AnsweredAfter ?? clock.Total).TotalSeconds, clock.Record.TotalSeconds, Stopping))
            {
                throw Fenced("reply durations");
            }
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, Stopping))
        {
            Log.StoreWriteFailed(_logger, "reply durations", ex.Message);
        }
    }

    /// <summary>Keeps the volume registry (LV name, size, capacity) current (best effort).</summary>
    public async Task RecordVolumeAsync(VolumeRegistration volume)
    {
        try
        {
            if (!await _domains.RecordVolumeAsync(_term.Fence, volume, extended: true, Stopping))
            {
                throw Fenced("record volume");
            }
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, Stopping))
        {
            Log.StoreWriteFailed(_logger, "record volume", ex.Message);
        }
    }

    /// <summary>Adds a device to the domain's list; the new list.</summary>
    public async Task<IReadOnlyList<string>> AddDeviceAsync(Guid domainId, string device) =>
        await WithRetryAsync(ct => _domains.AddDeviceAsync(_term.Fence, domainId, device, ct), "add device") ?? throw Fenced("add device");

    /// <summary>Audits an admin operation.</summary>
    public async Task RecordAdminOperationAsync(AdminOperationRecord operation)
    {
        if (!await WithRetryAsync(ct => _domains.RecordAdminOperationAsync(_term.Fence, operation, ct), "audit admin operation"))
        {
            throw Fenced("audit admin operation");
        }
    }

    /// <summary>Counts a checksum error of a host.</summary>
    public async Task RecordChecksumErrorAsync(int hostId)
    {
        if (!await WithRetryAsync(ct => _requests.RecordChecksumErrorAsync(_term.Fence, hostId, ct), "checksum error"))
        {
            throw Fenced("checksum error");
        }
    }

    /// <summary>Ends the term after the fence refused a write or the check; the exception aborts the work in hand.</summary>
    private OperationCanceledException Fenced(string what)
    {
        Log.Fenced(_logger, _term.Epoch, what);
        TermEnding.Fenced(_term, what);
        return new OperationCanceledException("The term ended.", Stopping);
    }

    /// <summary>Only the database time before the reply counts: what follows the reply is off the request's path.</summary>
    private void AddRecordTime(RequestClock? clock, long start)
    {
        if (clock is not null && clock.AnsweredAfter is null)
        {
            clock.Record += _timeProvider.GetElapsedTime(start);
        }
    }

    private async Task<T> WithRetryAsync<T>(Func<CancellationToken, Task<T>> write, string what)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await write(Stopping);
            }
            catch (Exception ex) when (StoreErrors.IsTransient(ex, Stopping))
            {
                if (attempt >= RetryDelays.Length || !_term.IsValid)
                {
                    Log.StoreWriteFailed(_logger, what, ex.Message);
                    TermEnding.DatabaseUnavailable(_term, what, ex);
                    throw new OperationCanceledException("The term ended.", ex, Stopping);
                }

                await Task.Delay(RetryDelays[attempt], _timeProvider, Stopping);
            }
        }
    }
}
