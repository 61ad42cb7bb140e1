using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Shared.Mailbox.Internal;

/// <summary>
/// Delivers what the scan found to the <see cref="IMailboxRequestHandler"/>: MaxConcurrentDispatch workers, each
/// owning the hosts whose id modulo the worker count is its index, so handler calls run concurrently across hosts
/// and in order within a host. Each queue is bounded; a full one makes the scan wait (nothing is dropped).
/// </summary>
internal sealed class ManagerDispatcher
{
    private const int QueueCapacity = 256;

    private readonly IMailboxRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly Channel<DispatchItem>[] _queues;
    private readonly Task[] _workers;
    private long _dispatched;

    public ManagerDispatcher(ManagerMailboxOptions options, IMailboxRequestHandler handler, ILogger logger)
    {
        _handler = handler;
        _logger = logger;
        var count = Math.Min(options.MaxConcurrentDispatch, options.MaxHosts);
        _queues = new Channel<DispatchItem>[count];
        _workers = new Task[count];
        for (var i = 0; i < count; i++)
        {
            _queues[i] = Channel.CreateBounded<DispatchItem>(new BoundedChannelOptions(QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = true,
            });
            _workers[i] = Task.CompletedTask;
        }
    }

    /// <summary>Requests handed to the handler.</summary>
    public long Dispatched => Interlocked.Read(ref _dispatched);

    /// <summary>Every worker (they end when stopping).</summary>
    public Task Completion => Task.WhenAll(_workers);

    /// <summary>Starts the workers: handlers are registered before the first scan, so nothing found there is lost.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _queues.Length; i++)
        {
            var reader = _queues[i].Reader;
            _workers[i] = Task.Run(() => RunWorkerAsync(reader, cancellationToken), CancellationToken.None);
        }
    }

    /// <summary>Queues the items to their hosts' workers, waiting while a queue is full.</summary>
    public async ValueTask EnqueueAsync(List<DispatchItem>? items, CancellationToken cancellationToken)
    {
        if (items is null)
        {
            return;
        }

        foreach (var item in items)
        {
            if (item.Kind == DispatchKind.Request)
            {
                Interlocked.Increment(ref _dispatched);
            }

            await _queues[item.HostId % _queues.Length].Writer.WriteAsync(item, cancellationToken);
        }
    }

    /// <summary>No more items: workers end once cancelled (queued calls are dropped; the next manager sees every pending request as new).</summary>
    public void Complete()
    {
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }
    }

    private async Task RunWorkerAsync(ChannelReader<DispatchItem> reader, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    switch (item.Kind)
                    {
                        case DispatchKind.Request:
                            await _handler.OnRequestAsync(item.Request!, cancellationToken);
                            break;
                        case DispatchKind.Withdrawn:
                            ManagerMailbox.Log.Withdrawn(_logger, item.HostId, item.Request!.Id.Slot);
                            await _handler.OnRequestWithdrawnAsync(item.Request, cancellationToken);
                            break;
                        case DispatchKind.ChecksumError:
                            await _handler.OnChecksumErrorAsync(item.HostId, cancellationToken);
                            break;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is ChannelClosedException or ObjectDisposedException)
                {
                    // Stopping: the handler's own queues are already closed. Not an error; the item is dropped as
                    // every queued one is, and the next manager sees the pending request as new.
                    return;
                }
                catch (Exception ex)
                {
                    // A handler bug must not stop the mailbox for every other host; it is logged as an error.
                    ManagerMailbox.Log.HandlerFailed(_logger, ex, item.Kind.ToString(), item.HostId);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
