using Microsoft.Extensions.Logging;

namespace Shared.Mailbox.Internal;

/// <summary>
/// The manager's outbox: the device, the image of blocks 0..MaxHosts, the hosts whose block must be rewritten and
/// the write gate. Every write takes the one lock (so writes are serialized and a stop waits for them) and asks
/// the gate immediately before the pwrite: a refused write writes nothing. Writes are synchronous single pwrite
/// calls, so no scheduling gap separates the gate check from the write.
/// </summary>
internal sealed class ManagerOutbox : IDisposable
{
    private readonly MailboxDevice _device;
    private readonly MailboxBuffer _image;
    private readonly int _blocks;
    private readonly IMailboxWriteGate _gate;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly HashSet<int> _dirtyHosts = [];
    private bool _closed;
    private bool _refusing;
    private int _pendingCount;

    public ManagerOutbox(MailboxDevice device, int blocks, IMailboxWriteGate gate, ILogger logger)
    {
        _device = device;
        _blocks = blocks;
        _gate = gate;
        _logger = logger;
        _image = new MailboxBuffer(blocks);
    }

    /// <summary>Writes refused by the gate since start.</summary>
    public long RefusedWrites { get; private set; }

    /// <summary>True when a failed or refused write left outbox blocks to write again (the next scan does).</summary>
    public bool HasPendingWrites => Volatile.Read(ref _pendingCount) > 0;

    /// <summary>Zeroes blocks 0..MaxHosts in one write (term start: no stale reply of an earlier manager stays).</summary>
    /// <exception cref="MailboxWriteRefusedException">The gate refused; nothing was written.</exception>
    public async Task ZeroAllAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _image.Span.Clear();
            if (!_gate.MayWrite())
            {
                RefusedWrites++;
                ManagerMailbox.Log.WriteRefused(_logger, "zeroing the outbox", 0);
                throw new MailboxWriteRefusedException(
                    $"The outbox {_device.Path} was not zeroed: the write gate refused (the lease deadline has passed); the manager mailbox did not start.");
            }

            _device.Write(0, _image.Span);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Writes the reply as the host's single 4 KiB block: the request's bytes on success, the same with size 0 on
    /// failure, if the slot still holds the request (<paramref name="view"/>) and the gate allows it.
    /// </summary>
    /// <exception cref="IOException">The write failed (the block is rewritten at the next scan).</exception>
    public async ValueTask<MailboxReplyOutcome> ReplyAsync(
        MailboxRequest request, bool success, ManagerInboxView view, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_closed)
            {
                return MailboxReplyOutcome.Stopped;
            }

            if (!view.TryMarkAnswered(request))
            {
                return MailboxReplyOutcome.NotCurrent;
            }

            var hostId = request.Id.HostId;
            var slot = _image.Span.Slice(request.Id.Value * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
            Span<byte> previous = stackalloc byte[MailboxLayout.MessageSize];
            slot.CopyTo(previous);
            if (success)
            {
                request.Payload.Span.CopyTo(slot);
            }
            else
            {
                MailboxCodec.EncodeFailureReply(request.Payload.Span, slot);
            }

            var pendingBefore = _dirtyHosts.Contains(hostId);
            if (!TryWriteHost(hostId))
            {
                // Nothing of this reply stays behind: the image is as it was, and so is the pending set.
                previous.CopyTo(slot);
                if (!pendingBefore)
                {
                    _dirtyHosts.Remove(hostId);
                    Volatile.Write(ref _pendingCount, _dirtyHosts.Count);
                }

                view.UnmarkAnswered(request);
                return MailboxReplyOutcome.WriteRefused;
            }

            return MailboxReplyOutcome.Written;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Echoes CLEAN for the CLEAN slots of <paramref name="echoHosts"/> and rewrites every block an earlier failed or
    /// refused write left behind.
    /// </summary>
    /// <exception cref="IOException">A write failed (the block stays pending).</exception>
    public async Task EchoAsync(List<int>? echoHosts, ManagerInboxView view, CancellationToken cancellationToken)
    {
        if (echoHosts is null && Volatile.Read(ref _pendingCount) == 0)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_closed)
            {
                return;
            }

            foreach (var hostId in echoHosts ?? [])
            {
                for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
                {
                    var index = new MessageId(hostId, slot).Value;
                    var target = _image.Span.Slice(index * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
                    if (view.IsClean(index) && !MailboxCodec.IsClean(target))
                    {
                        MailboxCodec.EncodeClean(target);
                        _dirtyHosts.Add(hostId);
                    }
                }
            }

            foreach (var hostId in _dirtyHosts.ToArray())
            {
                if (!TryWriteHost(hostId))
                {
                    break;
                }
            }

        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>No more writes; waits for one in progress.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        _closed = true;
        _lock.Release();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _device.Dispose();
        _image.Dispose();
    }

    /// <summary>Asks the gate, then writes the host's block; false (block left pending) when refused. Under the lock.</summary>
    private bool TryWriteHost(int hostId)
    {
        try
        {
            return TryWriteHostCore(hostId);
        }
        finally
        {
            Volatile.Write(ref _pendingCount, _dirtyHosts.Count);
        }
    }

    private bool TryWriteHostCore(int hostId)
    {
        if (!_gate.MayWrite())
        {
            _dirtyHosts.Add(hostId);
            RefusedWrites++;
            if (!_refusing)
            {
                _refusing = true;
                ManagerMailbox.Log.WriteRefused(_logger, "a reply block", hostId);
            }
            else
            {
                ManagerMailbox.Log.WriteStillRefused(_logger, hostId);
            }

            return false;
        }

        try
        {
            _device.Write(hostId, _image.Blocks(hostId, 1).Span);
            _dirtyHosts.Remove(hostId);
            if (_refusing)
            {
                _refusing = false;
                ManagerMailbox.Log.WritesAllowedAgain(_logger);
            }

            return true;
        }
        catch (IOException)
        {
            _dirtyHosts.Add(hostId);
            throw;
        }
    }
}
