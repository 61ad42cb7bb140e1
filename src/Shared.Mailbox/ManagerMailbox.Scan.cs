using System.Diagnostics;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

public sealed partial class ManagerMailbox
{
    private const int EventBlock = 0;
    private const int RetryBlock = 1;
    private const int EventCompareLength = MailboxLayout.EventIdOffset + 16;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly byte[] _lastEvent = new byte[EventCompareLength];
    private long _lastFullScanTimestamp;

    /// <summary>
    /// Every event interval: read block 0; a new event id, or a full-scan interval without a scan, means a full scan.
    /// The doorbell is compared before the scan reads, so a host's block write always precedes the scan that its
    /// doorbell triggered.
    /// </summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.EventInterval, _timeProvider);
        var failures = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await _inbox!.ReadAsync(MailboxLayout.EventsBlockIndex, _single!.Blocks(EventBlock, 1), cancellationToken);
                    var current = _single.Block(EventBlock)[..EventCompareLength];
                    var rang = !current.SequenceEqual(_lastEvent);
                    if (rang)
                    {
                        current.CopyTo(_lastEvent);
                    }

                    if (rang || _timeProvider.GetElapsedTime(_lastFullScanTimestamp) >= _options.FullScanInterval)
                    {
                        await FullScanAsync(cancellationToken);
                    }

                    failures = 0;
                }
                catch (IOException ex)
                {
                    failures++;
                    var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, _options.EventInterval.Ticks << Math.Min(failures, 20)));
                    Log.IoFailed(_logger, ex, failures, backoff);
                    await Task.Delay(backoff, _timeProvider, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            Log.LoopFailed(_logger, ex);
            throw;
        }
    }

    /// <summary>One full scan now, outside the loop (benchmarks; the loop must not be ticking).</summary>
    internal Task ScanNowAsync(CancellationToken cancellationToken) => FullScanAsync(cancellationToken);

    /// <summary>
    /// Reads blocks 0..MaxHosts in one call, processes every host whose block changed and is valid (or empty),
    /// rewrites the outbox blocks that need a CLEAN echo, then re-reads the blocks that failed their checksum after
    /// <see cref="ManagerMailboxOptions.ChecksumRetryDelay"/>.
    /// </summary>
    private async Task FullScanAsync(CancellationToken cancellationToken)
    {
        Debug.Assert(_inbox is not null && _scan is not null && _single is not null);
        _lastFullScanTimestamp = _timeProvider.GetTimestamp();
        await _inbox.ReadAsync(0, _scan.Blocks(0, _blocks), cancellationToken);
        Interlocked.Increment(ref _fullScans);
        var now = _timeProvider.GetUtcNow();
        List<int>? failed = null;
        List<int>? echoes = null;
        List<DispatchItem>? items = null;
        for (var hostId = MailboxLayout.MinHostId; hostId <= _options.MaxHosts; hostId++)
        {
            var block = _scan.Block(hostId);
            if (block.SequenceEqual(_view.AsSpan(hostId * MailboxLayout.BlockSize, MailboxLayout.BlockSize)))
            {
                continue;
            }

            if (MailboxCodec.CheckHostBlock(block) == HostBlockStatus.ChecksumMismatch)
            {
                (failed ??= []).Add(hostId);
                continue;
            }

            ProcessHost(hostId, block, now, ref items, ref echoes);
        }

        await DeliverAsync(items, echoes, cancellationToken);
        if (failed is not null)
        {
            await RetryChecksumFailuresAsync(failed, cancellationToken);
        }
    }

    private async Task RetryChecksumFailuresAsync(List<int> failed, CancellationToken cancellationToken)
    {
        await Task.Delay(_options.ChecksumRetryDelay, _timeProvider, cancellationToken);
        List<int>? echoes = null;
        List<DispatchItem>? items = null;
        foreach (var hostId in failed)
        {
            await _inbox!.ReadAsync(hostId, _single!.Blocks(RetryBlock, 1), cancellationToken);
            var block = _single.Block(RetryBlock);
            if (MailboxCodec.CheckHostBlock(block) == HostBlockStatus.ChecksumMismatch)
            {
                var errors = Interlocked.Increment(ref _checksumErrors);
                Log.ChecksumFailed(_logger, hostId, MailboxCodec.ReadStoredChecksum(block), MailboxCodec.ComputeChecksum(block), errors);
                (items ??= []).Add(new DispatchItem(DispatchKind.ChecksumError, hostId, null));
                continue;
            }

            Log.ChecksumRecovered(_logger, hostId);
            ProcessHost(hostId, block, _timeProvider.GetUtcNow(), ref items, ref echoes);
        }

        await DeliverAsync(items, echoes, cancellationToken);
    }

    /// <summary>
    /// Compares a valid (or empty) host block with the last accepted one, slot by slot: a new request is dispatched,
    /// an unanswered request that left its slot is withdrawn, CLEAN is echoed. The block becomes the accepted one.
    /// </summary>
    private void ProcessHost(int hostId, ReadOnlySpan<byte> block, DateTimeOffset now, ref List<DispatchItem>? items, ref List<int>? echoes)
    {
        var echo = false;
        lock (_viewLock)
        {
            for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
            {
                var id = new MessageId(hostId, slot);
                var current = block.Slice(slot * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
                var previous = _view.AsSpan(id.Value * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
                if (current.SequenceEqual(previous))
                {
                    continue;
                }

                if (_current[id.Value] is { } old && !_answered[id.Value])
                {
                    (items ??= []).Add(new DispatchItem(DispatchKind.Withdrawn, hostId, old));
                }

                _current[id.Value] = null;
                _answered[id.Value] = false;
                switch (MailboxCodec.Classify(current))
                {
                    case MailboxMessageKind.Clean:
                        echo = true;
                        break;
                    case MailboxMessageKind.Extend or MailboxMessageKind.Unknown:
                        var request = CreateRequest(id, current, now);
                        _current[id.Value] = request;
                        (items ??= []).Add(new DispatchItem(DispatchKind.Request, hostId, request));
                        break;
                }

                current.CopyTo(previous);
            }

            // Bytes outside the slots (reserved slot, checksum) too, so an identical block is skipped next time.
            block.CopyTo(_view.AsSpan(hostId * MailboxLayout.BlockSize, MailboxLayout.BlockSize));
        }

        if (echo)
        {
            (echoes ??= []).Add(hostId);
        }
    }

    private MailboxRequest CreateRequest(MessageId id, ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        var kind = MailboxCodec.Classify(payload);
        ExtendMessage? extend = null;
        if (kind == MailboxMessageKind.Extend)
        {
            try
            {
                extend = MailboxCodec.DecodeExtend(payload);
            }
            catch (MailboxFormatException ex)
            {
                Log.MalformedRequest(_logger, id.HostId, id.Slot, ex.Rebase(id.Offset).Message);
                kind = MailboxMessageKind.Unknown;
            }
        }
        else
        {
            Log.UnknownRequest(_logger, id.HostId, id.Slot, Convert.ToHexStringLower(payload[..5]));
        }

        return new MailboxRequest(id, kind, extend, payload.ToArray(), now);
    }

    /// <summary>Writes the CLEAN echoes (and any block a failed write left behind), then queues the handler calls.</summary>
    private async Task DeliverAsync(List<DispatchItem>? items, List<int>? echoes, CancellationToken cancellationToken)
    {
        if (echoes is not null || _dirtyHosts.Count > 0)
        {
            await _outLock.WaitAsync(cancellationToken);
            try
            {
                foreach (var hostId in echoes ?? [])
                {
                    lock (_viewLock)
                    {
                        for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
                        {
                            var index = new MessageId(hostId, slot).Value * MailboxLayout.MessageSize;
                            var target = _outgoing!.Span.Slice(index, MailboxLayout.MessageSize);
                            if (MailboxCodec.IsClean(_view.AsSpan(index, MailboxLayout.MessageSize)) && !MailboxCodec.IsClean(target))
                            {
                                MailboxCodec.EncodeClean(target);
                                _dirtyHosts.Add(hostId);
                            }
                        }
                    }
                }

                foreach (var hostId in _dirtyHosts.ToArray())
                {
                    await WriteHostLockedAsync(hostId, cancellationToken);
                }
            }
            finally
            {
                _outLock.Release();
            }
        }

        if (items is not null)
        {
            foreach (var item in items)
            {
                if (item.Kind == DispatchKind.Request)
                {
                    Interlocked.Increment(ref _dispatched);
                }

                await _queues[item.HostId % _queues.Length].Writer.WriteAsync(item, cancellationToken);
            }
        }
    }
}
