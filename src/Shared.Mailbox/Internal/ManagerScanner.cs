using Microsoft.Extensions.Logging;

namespace Shared.Mailbox.Internal;

/// <summary>
/// The manager's inbox side: watches the doorbell (block 0) on its own thread (<see cref="DoorbellWatch"/>) every
/// <see cref="ManagerMailboxOptions.EventInterval"/> with one 4 KiB read (every
/// <see cref="ManagerMailboxOptions.IdleEventInterval"/> once no host was active for
/// <see cref="ManagerMailboxOptions.ActiveWindow"/>), scans hosts 1..MaxHosts when it changed
/// (and at least every <see cref="ManagerMailboxOptions.FullScanInterval"/>, every
/// <see cref="ManagerMailboxOptions.IdleFullScanInterval"/> once idle; a scan whose host blocks are those of the
/// last completed scan stops there; a ring that names its host has that host's block read and dispatched first,
/// <see cref="ManagerMailboxOptions.UseRingHint"/>), validates checksums, and hands what it
/// found to the view, the outbox (CLEAN echoes) and the dispatcher. A block that fails its checksum is re-read once
/// after <see cref="ManagerMailboxOptions.ChecksumRetryDelay"/>; a bad block is counted, logged and reported once
/// per distinct content, until it changes or heals (later scans of the same bytes only log at debug level).
/// </summary>
internal sealed class ManagerScanner : IDisposable
{
    private const int EventBlock = 0;
    private const int RetryBlock = 1;
    private const int HintBlock = 2;
    private const int EventCompareLength = MailboxLayout.EventIdOffset + 16;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly ManagerMailboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MailboxDevice _inbox;
    private readonly ManagerInboxView _view;
    private readonly ManagerOutbox _outbox;
    private readonly ManagerDispatcher _dispatcher;
    private readonly int _blocks;
    private readonly MailboxBuffer _scan;
    private readonly MailboxBuffer _single;
    private readonly byte[] _lastEvent = new byte[EventCompareLength];
    private readonly Dictionary<int, byte[]> _badBlocks = [];
    private readonly Func<MessageId, byte[], MailboxRequest> _create;
    private readonly byte[] _previous;
    private bool _previousValid;
    private bool _imageRead;
    private int _activeHigh;
    private int _hintHost;
    private int _tailFrom;
    private DateTimeOffset _scanTime;
    private long _lastFullScanTimestamp;
    private long _lastActivityTimestamp;
    private long _checksumErrors;
    private long _fullScans;
    private long _doorbellReads;
    private long _hintedRings;

    public ManagerScanner(
        ManagerMailboxOptions options, TimeProvider timeProvider, ILogger logger, MailboxDevice inbox,
        ManagerInboxView view, ManagerOutbox outbox, ManagerDispatcher dispatcher)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _inbox = inbox;
        _view = view;
        _outbox = outbox;
        _dispatcher = dispatcher;
        _blocks = options.MaxHosts + 1;
        _scan = new MailboxBuffer(_blocks);
        _single = new MailboxBuffer(3);
        _create = CreateRequest;
        _previous = new byte[options.MaxHosts * MailboxLayout.BlockSize];
    }

    /// <summary>Distinct bad host-block contents seen (each failed its checksum twice: scan, then the re-read).</summary>
    public long ChecksumErrors => Interlocked.Read(ref _checksumErrors);

    /// <summary>Full scans done.</summary>
    public long FullScans => Interlocked.Read(ref _fullScans);

    /// <summary>Doorbell reads done.</summary>
    public long DoorbellReads => Interlocked.Read(ref _doorbellReads);

    /// <summary>Rings whose named host's block held something new and was dispatched before the rest of the inbox was read.</summary>
    public long HintedRings => Interlocked.Read(ref _hintedRings);

    /// <summary>Takes the current doorbell as seen, then scans once: every pending request is new.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _inbox.Read(MailboxLayout.EventsBlockIndex, _single.Block(EventBlock));
        _single.Block(EventBlock)[..EventCompareLength].CopyTo(_lastEvent);
        await FullScanAsync(cancellationToken);
    }

    /// <summary>
    /// Every event interval: read block 0 (on the <see cref="DoorbellWatch"/> thread); a new event id, or a full-scan
    /// interval without a scan, means a full scan (on this loop). The doorbell is compared before the scan reads, so
    /// a host's block write always precedes the scan that its doorbell triggered. I/O errors are retried with capped
    /// exponential backoff; anything else is logged and faults the returned task (the manager's Completion).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var watch = new DoorbellWatch(RingChanged, IdleScanFoundWork, CurrentPeriod, _timeProvider, "lvx-mailbox-doorbell");
        _lastActivityTimestamp = _timeProvider.GetTimestamp();
        var failures = 0;
        try
        {
            while (true)
            {
                try
                {
                    if (await watch.WaitAsync(cancellationToken) == DoorbellWake.Ring)
                    {
                        _lastActivityTimestamp = _timeProvider.GetTimestamp();
                        if (_hintHost != 0)
                        {
                            // The watch thread read only the block of the host the ring names: what it holds is
                            // dispatched, then the whole inbox is read and scanned as after any ring.
                            await ProcessHintAsync(cancellationToken);
                            await FullScanAsync(cancellationToken);
                        }
                        else
                        {
                            // The watch thread read the inbox right after the ring (no hop for the read): all of it,
                            // or the blocks up to the highest host id seen active, and then the rest is read here.
                            await ProcessReadImageAsync(cancellationToken);
                            await ReadTailAsync(cancellationToken);
                        }
                    }
                    else
                    {
                        // The watch thread read the image and found it changed (or outbox writes pending).
                        await ProcessScanAsync(cancellationToken);
                    }

                    failures = 0;
                }
                catch (IOException ex)
                {
                    failures++;
                    var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, _options.EventInterval.Ticks << Math.Min(failures, 20)));
                    ManagerMailbox.Log.IoFailed(_logger, ex, failures, backoff);
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
            ManagerMailbox.Log.LoopFailed(_logger, ex);
            throw;
        }
    }

    /// <summary>
    /// Reads blocks 0..MaxHosts in one call; when the host blocks are byte for byte those of the last completed scan,
    /// only the outbox blocks left pending are written again. Otherwise processes the image
    /// (<see cref="ProcessScanAsync"/>).
    /// </summary>
    public async Task FullScanAsync(CancellationToken cancellationToken)
    {
        _lastFullScanTimestamp = _timeProvider.GetTimestamp();
        await _inbox.ReadAsync(0, _scan.Blocks(0, _blocks), cancellationToken);
        Interlocked.Increment(ref _fullScans);
        await ProcessReadImageAsync(cancellationToken);
    }

    /// <summary>
    /// After a ring whose read stopped at the highest active host id: reads the blocks after it (a host seen for the
    /// first time rang too, perhaps) and processes the image. Its requests wait for this read; the others were
    /// dispatched before it.
    /// </summary>
    private async Task ReadTailAsync(CancellationToken cancellationToken)
    {
        var from = _tailFrom;
        if (from == 0)
        {
            return;
        }

        _tailFrom = 0;
        await _inbox.ReadAsync(from, _scan.Blocks(from, _blocks - from), cancellationToken);
        Interlocked.Increment(ref _fullScans);
        await ProcessReadImageAsync(cancellationToken);
    }

    /// <summary>
    /// After a ring that named a host: that host's block, read on the watch thread, is accepted when it changed and is
    /// valid, and what it holds is dispatched. Nothing else is decided here: a false or stale hint (the block is the
    /// accepted one) costs nothing more, and a block that fails its checksum is left to the full scan that follows,
    /// which re-reads, counts and reports it as any other.
    /// </summary>
    private async Task ProcessHintAsync(CancellationToken cancellationToken)
    {
        var hostId = _hintHost;
        _hintHost = 0;
        var block = _single.Block(HintBlock);
        if (_view.IsUnchanged(hostId, block) || MailboxBlockCodec.CheckHostBlock(block) == HostBlockStatus.ChecksumMismatch)
        {
            return;
        }

        // The view is now ahead of the last completed scan's image: the next scan compares block by block.
        _previousValid = false;
        _scanTime = _timeProvider.GetUtcNow();
        List<int>? echoes = null;
        List<DispatchItem>? items = null;
        Accept(hostId, block, ref items, ref echoes);
        NoteActive(hostId, block);
        Interlocked.Increment(ref _hintedRings);
        await _outbox.EchoAsync(echoes, _view, cancellationToken);
        await _dispatcher.EnqueueAsync(items, cancellationToken);
    }

    /// <summary>The image in the scan buffer was just read: processed unless it is the last completed scan's.</summary>
    private async Task ProcessReadImageAsync(CancellationToken cancellationToken)
    {
        if (ImageUnchanged())
        {
            // Nothing new; outbox blocks a failed or refused write left behind are still written again.
            await _outbox.EchoAsync(null, _view, cancellationToken);
            return;
        }

        await ProcessScanAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inbox.Dispose();
        _scan.Dispose();
        _single.Dispose();
    }

    /// <summary>
    /// Processes the image in the scan buffer (read by <see cref="FullScanAsync"/> or <see cref="IdleScanFoundWork"/>):
    /// every host whose block changed and is valid (or empty) is accepted, CLEAN echoed, newly failed checksums re-read.
    /// </summary>
    private async Task ProcessScanAsync(CancellationToken cancellationToken)
    {
        // Until this scan completes, the next one compares block by block again.
        _previousValid = false;
        _scanTime = _timeProvider.GetUtcNow();
        List<int>? failed = null;
        List<int>? echoes = null;
        List<DispatchItem>? items = null;
        for (var hostId = MailboxLayout.MinHostId; hostId <= _options.MaxHosts; hostId++)
        {
            var block = _scan.Block(hostId);
            if (_view.IsUnchanged(hostId, block))
            {
                if (_badBlocks.Count > 0 && _badBlocks.Remove(hostId))
                {
                    ManagerMailbox.Log.ChecksumHealed(_logger, hostId);
                }

                continue;
            }

            if (MailboxBlockCodec.CheckHostBlock(block) == HostBlockStatus.ChecksumMismatch)
            {
                if (_badBlocks.TryGetValue(hostId, out var known) && block.SequenceEqual(known))
                {
                    ManagerMailbox.Log.ChecksumStillBad(_logger, hostId);
                }
                else
                {
                    (failed ??= []).Add(hostId);
                }

                continue;
            }

            Accept(hostId, block, ref items, ref echoes);
            _lastActivityTimestamp = _timeProvider.GetTimestamp(); // a host that does not ring is active too
            NoteActive(hostId, block);
        }

        await _outbox.EchoAsync(echoes, _view, cancellationToken);
        await _dispatcher.EnqueueAsync(items, cancellationToken);
        if (failed is not null)
        {
            await RetryChecksumFailuresAsync(failed, cancellationToken);
        }

        // Every block of this image was handled: accepted, skipped as unchanged, or known bad (the same bytes again
        // would be skipped or only logged at debug level), so the same image next time needs no work.
        _scan.Span[MailboxLayout.BlockSize..].CopyTo(_previous);
        _previousValid = true;
    }

    /// <summary>
    /// On the watch thread, after a tick without a ring: when that tick read the whole inbox (the full-scan interval had
    /// passed: <see cref="RingChanged"/>), returns true only when there is work for the loop (a host block differs from
    /// the last completed scan, or outbox writes are pending); an unchanged image costs that read and one comparison,
    /// nothing else. The loop then processes the image already read.
    /// </summary>
    private bool IdleScanFoundWork()
    {
        if (!_imageRead)
        {
            return false;
        }

        _imageRead = false;
        return !ImageUnchanged() || _outbox.HasPendingWrites;
    }

    /// <summary>The doorbell period: fast while hosts are active, slower once they have been quiet for the active window.</summary>
    private TimeSpan CurrentPeriod() =>
        _options.IdleEventInterval > _options.EventInterval && IsIdle() ? _options.IdleEventInterval : _options.EventInterval;

    /// <summary>The full-scan interval: <see cref="ManagerMailboxOptions.IdleFullScanInterval"/> once idle, never shorter than the active one.</summary>
    private TimeSpan CurrentFullScanInterval() =>
        _options.IdleFullScanInterval > _options.FullScanInterval && IsIdle() ? _options.IdleFullScanInterval : _options.FullScanInterval;

    /// <summary>No host rang or changed its block for the active window.</summary>
    private bool IsIdle() => _timeProvider.GetElapsedTime(_lastActivityTimestamp) >= _options.ActiveWindow;

    /// <summary>True when the host blocks in the scan buffer are those of the last completed scan.</summary>
    private bool ImageUnchanged() => _previousValid && _scan.Span[MailboxLayout.BlockSize..].SequenceEqual(_previous);

    /// <summary>
    /// On the watch thread, every tick: one 4 KiB read of the doorbell, or, when the full-scan interval has passed, one
    /// read of the whole inbox (blocks 0..MaxHosts: the doorbell included, so that tick costs one read, not two) kept
    /// for <see cref="IdleScanFoundWork"/>. True when the event id changed.
    /// </summary>
    private bool RingChanged()
    {
        Span<byte> events;
        if (_timeProvider.GetElapsedTime(_lastFullScanTimestamp) >= CurrentFullScanInterval())
        {
            _lastFullScanTimestamp = _timeProvider.GetTimestamp();
            _inbox.Read(0, _scan.Span);
            Interlocked.Increment(ref _fullScans);
            _imageRead = true;
            events = _scan.Block(EventBlock);
        }
        else
        {
            _inbox.Read(MailboxLayout.EventsBlockIndex, _single.Block(EventBlock));
            events = _single.Block(EventBlock);
        }

        Interlocked.Increment(ref _doorbellReads);
        var current = events[..EventCompareLength];
        if (current.SequenceEqual(_lastEvent))
        {
            return false;
        }

        current.CopyTo(_lastEvent);
        _imageRead = false;

        // A ring means a host wrote its block before it: read the inbox now, synchronously on this thread, so that the
        // loop processes it without a thread-pool hop for the read (detection latency, issue 12). Also when this tick's
        // read already held the whole inbox: one read gives no order between block 0 and the host blocks.
        _lastFullScanTimestamp = _timeProvider.GetTimestamp();
        if (_options.UseRingHint && MailboxBlockCodec.TryDecodeRingHint(events, out var hinted) && hinted <= _options.MaxHosts)
        {
            // Our hosts name themselves in the ring: that host's block alone first (4 KiB, not up to 2000 x 4 KiB); the
            // loop dispatches what it holds and then reads the whole inbox.
            _inbox.Read(hinted, _single.Block(HintBlock));
            _hintHost = hinted;
            _tailFrom = 0;
            return true;
        }

        // Without a hint, only the blocks up to the highest host id ever seen active come first (host ids are dense
        // from 1: 51 blocks, 0.24 ms, for 50 hosts instead of 251 blocks, 0.85 ms); the loop reads the rest after
        // dispatching what they hold.
        var head = Volatile.Read(ref _activeHigh) + 1;
        if (head < _blocks)
        {
            _inbox.Read(0, _scan.Span[..(head * MailboxLayout.BlockSize)]);
            _tailFrom = head;
        }
        else
        {
            _inbox.Read(0, _scan.Span);
            Interlocked.Increment(ref _fullScans);
        }

        return true;
    }

    private async Task RetryChecksumFailuresAsync(List<int> failed, CancellationToken cancellationToken)
    {
        await Task.Delay(_options.ChecksumRetryDelay, _timeProvider, cancellationToken);
        _scanTime = _timeProvider.GetUtcNow();
        List<int>? echoes = null;
        List<DispatchItem>? items = null;
        foreach (var hostId in failed)
        {
            _inbox.Read(hostId, _single.Block(RetryBlock));
            var block = _single.Block(RetryBlock);
            if (MailboxBlockCodec.CheckHostBlock(block) == HostBlockStatus.ChecksumMismatch)
            {
                if (_badBlocks.TryGetValue(hostId, out var known) && block.SequenceEqual(known))
                {
                    ManagerMailbox.Log.ChecksumStillBad(_logger, hostId);
                    continue;
                }

                _badBlocks[hostId] = block.ToArray();
                var errors = Interlocked.Increment(ref _checksumErrors);
                ManagerMailbox.Log.ChecksumFailed(_logger, hostId, MailboxBlockCodec.ReadStoredChecksum(block), MailboxBlockCodec.ComputeChecksum(block), errors);
                (items ??= []).Add(new DispatchItem(DispatchKind.ChecksumError, hostId, null));
                continue;
            }

            ManagerMailbox.Log.ChecksumRecovered(_logger, hostId);
            Accept(hostId, block, ref items, ref echoes);
        }

        await _outbox.EchoAsync(echoes, _view, cancellationToken);
        await _dispatcher.EnqueueAsync(items, cancellationToken);
    }

    private void Accept(int hostId, ReadOnlySpan<byte> block, ref List<DispatchItem>? items, ref List<int>? echoes)
    {
        if (_badBlocks.Count > 0 && _badBlocks.Remove(hostId))
        {
            ManagerMailbox.Log.ChecksumHealed(_logger, hostId);
        }

        if (_view.Accept(hostId, block, _create, ref items))
        {
            (echoes ??= []).Add(hostId);
        }
    }

    /// <summary>Raises the highest host id seen active (the end of a ring's first read without a hint) for a non-empty block.</summary>
    private void NoteActive(int hostId, ReadOnlySpan<byte> block)
    {
        if (hostId > _activeHigh && block.ContainsAnyExcept((byte)0))
        {
            Volatile.Write(ref _activeHigh, hostId);
        }
    }

    private MailboxRequest CreateRequest(MessageId id, byte[] payload)
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
                ManagerMailbox.Log.MalformedRequest(_logger, id.HostId, id.Slot, ex.Rebase(id.Offset).Message);
                kind = MailboxMessageKind.Unknown;
            }
        }
        else
        {
            ManagerMailbox.Log.UnknownRequest(_logger, id.HostId, id.Slot, Convert.ToHexStringLower(payload.AsSpan(0, 5)));
        }

        return new MailboxRequest(id, kind, extend, payload, _scanTime);
    }
}
