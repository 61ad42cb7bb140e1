using System.Threading.Channels;
using Shared.Mailbox;

namespace Spm.Coordinator.Extension;

/// <summary>What <see cref="FairQueue{T}.TryEnqueue"/> did.</summary>
internal enum EnqueueResult : byte
{
    /// <summary>Queued at the end of the host's line.</summary>
    Queued = 1,

    /// <summary>The slot already had a queued item (now withdrawn by the host): the new one took its place.</summary>
    Replaced = 2,

    /// <summary>The host already has its limit of items queued: refused, nothing changed.</summary>
    HostFull = 3,

    /// <summary>The queue is completed (the term ended).</summary>
    Closed = 4,
}

/// <summary>
/// A queue that serves hosts round-robin (one item per host in turn, so one host's backlog delays another
/// host's item by at most one item), keyed by mailbox slot (a slot holds one request: a rewrite replaces the
/// queued one), bounded per host (never blocks the producer: a full line is a refusal the caller reports),
/// with a small priority lane for control work (admin calls, withdrawals) served before any host.
/// Thread-safe; one consumer.
/// </summary>
internal sealed class FairQueue<T>
    where T : class
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _priority = new();
    private readonly Dictionary<int, List<(MessageId Id, T Item)>> _hosts = [];
    private readonly Queue<int> _ring = new();
    private readonly HashSet<int> _inRing = [];
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly int _priorityCapacity;
    private int _count;
    private bool _completed;

    public FairQueue(int priorityCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorityCapacity);
        _priorityCapacity = priorityCapacity;
    }

    /// <summary>Items queued (priority lane included).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Items queued for one host.</summary>
    public int CountOf(int hostId)
    {
        lock (_gate)
        {
            return _hosts.TryGetValue(hostId, out var line) ? line.Count : 0;
        }
    }

    /// <summary>Queues <paramref name="item"/> for the slot <paramref name="id"/>; never waits.</summary>
    public EnqueueResult TryEnqueue(MessageId id, T item, int perHostLimit)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return EnqueueResult.Closed;
            }

            if (!_hosts.TryGetValue(id.HostId, out var line))
            {
                line = [];
                _hosts[id.HostId] = line;
            }

            var index = line.FindIndex(e => e.Id == id);
            if (index >= 0)
            {
                line[index] = (id, item);
                return EnqueueResult.Replaced;
            }

            if (line.Count >= perHostLimit)
            {
                return EnqueueResult.HostFull;
            }

            line.Add((id, item));
            if (_inRing.Add(id.HostId))
            {
                _ring.Enqueue(id.HostId);
            }

            _count++;
        }

        _signal.Writer.TryWrite(true);
        return EnqueueResult.Queued;
    }

    /// <summary>Queues control work ahead of every host; false when the lane is full or the queue completed.</summary>
    public bool TryEnqueuePriority(T item)
    {
        lock (_gate)
        {
            if (_completed || _priority.Count >= _priorityCapacity)
            {
                return false;
            }

            _priority.Enqueue(item);
            _count++;
        }

        _signal.Writer.TryWrite(true);
        return true;
    }

    /// <summary>Removes the slot's queued item when <paramref name="match"/> accepts it (a withdrawn request).</summary>
    public bool TryRemove(MessageId id, Func<T, bool> match, out T? removed)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            removed = null;
            if (!_hosts.TryGetValue(id.HostId, out var line))
            {
                return false;
            }

            var index = line.FindIndex(e => e.Id == id && match(e.Item));
            if (index < 0)
            {
                return false;
            }

            removed = line[index].Item;
            line.RemoveAt(index);
            _count--;
            return true;
        }
    }

    /// <summary>The next item: the priority lane first, then the next host in turn.</summary>
    public bool TryDequeue(out T item)
    {
        lock (_gate)
        {
            if (_priority.TryDequeue(out var control))
            {
                _count--;
                item = control;
                return true;
            }

            while (_ring.TryDequeue(out var hostId))
            {
                var line = _hosts[hostId];
                if (line.Count == 0)
                {
                    _inRing.Remove(hostId);
                    continue;
                }

                item = line[0].Item;
                line.RemoveAt(0);
                _count--;
                if (line.Count > 0)
                {
                    _ring.Enqueue(hostId);
                }
                else
                {
                    _inRing.Remove(hostId);
                }

                return true;
            }

            item = null!;
            return false;
        }
    }

    /// <summary>True when an item is there; false once completed and empty.</summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _signal.Reader.TryRead(out _);
            lock (_gate)
            {
                if (_count > 0)
                {
                    return true;
                }

                if (_completed)
                {
                    return false;
                }
            }

            await _signal.Reader.WaitToReadAsync(cancellationToken);
        }
    }

    /// <summary>No more items are accepted; the consumer drains what is there.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        _signal.Writer.TryWrite(true);
    }
}
