using System.Collections.Concurrent;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary><see cref="IRequestStore"/> in memory; <see cref="Fenced"/> makes every write change nothing, as a lost lease does.</summary>
internal sealed class InMemoryRequestStore(Journal journal) : IRequestStore
{
    // Concurrent: a VG's extensions (and the intent insert) write from several threads.
    private readonly ConcurrentDictionary<long, NewExtendRequest> _rows = new();
    private long _next;

    public bool Fenced { get; set; }

    /// <summary>The lease is lost right after the fence check: the check passes, every write after it is fenced out.</summary>
    public bool FencedAfterCheck { get; set; }

    public int ChecksumErrors { get; private set; }

    public IReadOnlyDictionary<long, NewExtendRequest> Rows => _rows;

    public Task<bool> FenceHoldsAsync(LeaseFence fence, CancellationToken cancellationToken)
    {
        journal.Add("fence check");
        var holds = !Fenced;
        Fenced |= FencedAfterCheck;
        return Task.FromResult(holds);
    }

    public Task<long?> InsertAsync(LeaseFence fence, NewExtendRequest request, CancellationToken cancellationToken)
    {
        if (Fenced)
        {
            return Task.FromResult<long?>(null);
        }

        var id = Interlocked.Increment(ref _next);
        _rows[id] = request;
        journal.Add($"insert {request.State}");
        return Task.FromResult<long?>(id);
    }

    public Task<bool> TransitionAsync(LeaseFence fence, long requestId, RequestTransition transition, CancellationToken cancellationToken)
    {
        if (Fenced || !_rows.TryGetValue(requestId, out var row))
        {
            return Task.FromResult(false);
        }

        _rows[requestId] = row with
        {
            State = transition.State,
            Reason = transition.Reason,
            SizeAfterBytes = transition.SizeAfterBytes ?? row.SizeAfterBytes,
        };
        journal.Add($"transition {transition.State}");
        return Task.FromResult(true);
    }

    public Task<bool> RecordReplyAsync(
        LeaseFence fence, long requestId, double replySeconds, double totalSeconds, double recordSeconds, CancellationToken cancellationToken)
    {
        journal.Add("durations");
        return Task.FromResult(!Fenced);
    }

    public Task<bool> RecordChecksumErrorAsync(LeaseFence fence, int hostId, CancellationToken cancellationToken)
    {
        ChecksumErrors++;
        return Task.FromResult(!Fenced);
    }

    public Task<int?> SupersedeOpenRequestsAsync(LeaseFence fence, CancellationToken cancellationToken) => Task.FromResult<int?>(Fenced ? null : 0);
}
