using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

public sealed partial class HostMailbox
{
    /// <summary>
    /// Stops: requests still awaiting a reply are cancelled and withdrawn, pending CLEAN handshakes are finished
    /// (for at most <see cref="HostMailboxOptions.StopTimeout"/>), then the host's request block is left zeroed.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || _loopCancellation is null)
        {
            return;
        }

        var cancelled = new List<TaskCompletionSource<ExtendReply>>();
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            foreach (var entry in _queue)
            {
                cancelled.AddRange(entry.Waiters);
            }

            _queue.Clear();
            foreach (var entry in _slots)
            {
                if (entry is { State: HostRequestState.AwaitingReply })
                {
                    cancelled.AddRange(entry.Waiters);
                    FreeSlot(entry);
                }
            }
        }

        foreach (var waiter in cancelled)
        {
            waiter.TrySetCanceled(CancellationToken.None);
        }

        _signal.Set();
        try
        {
            await _loop.WaitAsync(_options.StopTimeout, _timeProvider, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Log.StopTimedOut(_logger, _options.HostId, InFlight);
            await _loopCancellation.CancelAsync();
            await _loop.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        catch (Exception) when (_loop.IsFaulted)
        {
            // The loop failed; it was logged there. The block is still zeroed below.
        }

        lock (_lock)
        {
            Array.Clear(_outgoing);
            _dirty = true;
        }

        try
        {
            await WriteOwnBlockAsync(CancellationToken.None);
        }
        catch (IOException ex)
        {
            Log.StopWriteFailed(_logger, ex, _options.HostId);
        }

        Log.Stopped(_logger, _options.HostId);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        DisposeResources();
        _loopCancellation?.Dispose();
        _admission.Dispose();
    }

    private void DisposeResources()
    {
        _inbox?.Dispose();
        _outbox?.Dispose();
        _buffers?.Dispose();
        _inbox = null;
        _outbox = null;
        _buffers = null;
    }

    private void Fail(Exception ex)
    {
        Log.LoopFailed(_logger, ex, _options.HostId);
        var waiters = new List<TaskCompletionSource<ExtendReply>>();
        lock (_lock)
        {
            _fault = ex;
            foreach (var entry in _queue)
            {
                waiters.AddRange(entry.Waiters);
            }

            foreach (var entry in _slots)
            {
                if (entry is not null)
                {
                    waiters.AddRange(entry.Waiters);
                }
            }
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetException(ex);
        }
    }
}
