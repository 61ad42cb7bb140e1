using System.Threading.Channels;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

public sealed partial class ManagerMailbox
{
    /// <summary>
    /// MaxConcurrentDispatch workers, each owning the hosts whose id modulo the worker count is its index: handler
    /// calls run concurrently across hosts and in order within a host. Each queue is bounded; a full one makes the
    /// scan wait.
    /// </summary>
    private void StartWorkers(CancellationToken cancellationToken)
    {
        var count = Math.Min(_options.MaxConcurrentDispatch, _options.MaxHosts);
        _queues = new Channel<DispatchItem>[count];
        _workers = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var queue = Channel.CreateBounded<DispatchItem>(new BoundedChannelOptions(DispatchQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = true,
            });
            _queues[i] = queue;
            _workers[i] = Task.Run(() => RunWorkerAsync(queue.Reader, cancellationToken), CancellationToken.None);
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
                            Log.Withdrawn(_logger, item.HostId, item.Request!.Id.Slot);
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
                catch (Exception ex)
                {
                    // A handler bug must not stop the mailbox for every other host.
                    Log.HandlerFailed(_logger, ex, item.Kind.ToString(), item.HostId);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: queued calls are dropped; the next manager sees every pending request as new.
        }
    }
}
