using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>The manager mailbox's life (started, restarted when the policy changes its intervals) and the side loop.</summary>
internal sealed partial class TermRuntime
{
    private async Task StartMailboxAsync(CancellationToken cancellationToken)
    {
        await _mailboxGate.WaitAsync(cancellationToken);
        try
        {
            var options = _services.Options.Mailbox;
            var policy = _services.Policy.Current;
            var mailbox = new ManagerMailbox(
                new ManagerMailboxOptions
                {
                    InboxPath = options.InboxPath,
                    OutboxPath = options.OutboxPath,
                    MaxHosts = options.MaxHosts,
                    EventInterval = policy.MailboxEventInterval,
                    FullScanInterval = policy.MailboxFullScanInterval,
                    IoMode = options.IoMode,
                },
                this,
                _services.TimeProvider,
                _services.LoggerFactory.CreateLogger<ManagerMailbox>());
            _mailbox = mailbox;
            try
            {
                await mailbox.StartAsync(cancellationToken);
            }
            catch
            {
                _mailbox = null;
                await mailbox.DisposeAsync();
                throw;
            }

            Log.MailboxStarted(_logger, Term.Epoch, options.InboxPath, options.OutboxPath);
        }
        finally
        {
            _mailboxGate.Release();
        }
    }

    private void OnPolicyChanged(CoordinatorPolicy previous, CoordinatorPolicy next)
    {
        if (previous.MailboxEventInterval == next.MailboxEventInterval && previous.MailboxFullScanInterval == next.MailboxFullScanInterval)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await _mailboxGate.WaitAsync(Term.Stopping);
                try
                {
                    if (_mailbox is { } old)
                    {
                        _mailbox = null;
                        await old.StopAsync(Term.Stopping);
                        await old.DisposeAsync();
                    }
                }
                finally
                {
                    _mailboxGate.Release();
                }

                await StartMailboxAsync(Term.Stopping);
            }
            catch (OperationCanceledException) when (Term.Stopping.IsCancellationRequested)
            {
                // The term ended meanwhile.
            }
            catch (IOException ex)
            {
                Log.MailboxRestartFailed(_logger, ex);
                Term.End("the manager mailbox could not restart: " + ex.Message);
            }
        });
    }

    /// <summary>Unknown opcodes (recorded, counted, unanswered), unknown domains (size-0 reply), checksum errors.</summary>
    private async Task RunUnroutedAsync()
    {
        await Task.Yield();
        try
        {
            while (await _unrouted.Reader.WaitToReadAsync(Term.Stopping))
            {
                while (_unrouted.Reader.TryRead(out var work))
                {
                    await HandleUnroutedAsync(work);
                }
            }
        }
        catch (OperationCanceledException) when (Term.Stopping.IsCancellationRequested)
        {
            // The term ended.
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, Term.Stopping))
        {
            Log.UnroutedFailed(_logger, ex);
            Term.End("the database did not answer: " + ex.Message);
        }
    }

    private async Task HandleUnroutedAsync(UnroutedWork work)
    {
        var fence = Term.Fence;
        if (work.ChecksumErrorHostId is { } hostId)
        {
            _services.Instruments.CountChecksumError(hostId);
            Log.ChecksumError(_logger, hostId);
            if (!await _services.Requests.RecordChecksumErrorAsync(fence, hostId, Term.Stopping))
            {
                Term.End("a fenced write (checksum error) changed nothing");
            }

            return;
        }

        var request = work.Request!;
        var clock = new RequestClock(_services.TimeProvider, request.DetectedAt);
        if (request.Kind == MailboxMessageKind.Extend && request.Extend is { } message)
        {
            var reason = $"domain {message.Domain} is not in pool {_services.Options.PoolId}";
            Log.UnknownDomain(_logger, request.Id.HostId, request.Id.Slot, message.Domain);
            var id = await _services.Requests.InsertAsync(fence, new NewExtendRequest(
                ExtendRequestSource.Mailbox, request.Id.HostId, request.Id.Slot, null, message.Domain, message.Volume, null, null,
                (long)message.SizeMib, null, null, ExtendRequestState.Rejected, reason, request.DetectedAt, clock.Detect.TotalSeconds, 0),
                Term.Stopping);
            if (id is null)
            {
                Term.End("a fenced write (unknown domain) changed nothing");
                return;
            }

            if (Term.IsValid)
            {
                await ReplyAsync(request, false, Term.Stopping);
            }

            _services.Instruments.CountRequest("rejected", "mailbox");
            return;
        }

        var payload = request.Payload.ToArray();
        var opcode = Convert.ToHexString(payload, 0, Math.Min(5, payload.Length));
        Log.UnknownOpcode(_logger, request.Id.HostId, request.Id.Slot, opcode);
        var ignored = await _services.Requests.InsertAsync(fence, new NewExtendRequest(
            ExtendRequestSource.Mailbox, request.Id.HostId, request.Id.Slot, payload, null, null, null, null, null, null, null,
            ExtendRequestState.Ignored, $"unknown opcode (first bytes {opcode}); left unanswered as the reference does",
            request.DetectedAt, clock.Detect.TotalSeconds, null), Term.Stopping);
        if (ignored is null)
        {
            Term.End("a fenced write (unknown opcode) changed nothing");
            return;
        }

        _services.Instruments.CountRequest("ignored", "mailbox");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1451, EventName = "MailboxStarted", Level = LogLevel.Information,
            Message = "Epoch {Epoch}: serving the mailbox (inbox {InboxPath}, outbox {OutboxPath})")]
        public static partial void MailboxStarted(ILogger logger, long epoch, string inboxPath, string outboxPath);

        [LoggerMessage(EventId = 1452, EventName = "MailboxRestartFailed", Level = LogLevel.Error,
            Message = "The manager mailbox could not restart with the new intervals")]
        public static partial void MailboxRestartFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1453, EventName = "ReplyFailed", Level = LogLevel.Error,
            Message = "Writing the reply to host {HostId} slot {Slot} failed")]
        public static partial void ReplyFailed(ILogger logger, int hostId, int slot, Exception exception);

        [LoggerMessage(EventId = 1454, EventName = "WorkerFailed", Level = LogLevel.Critical,
            Message = "The worker of {VolumeGroup} failed; ending the term")]
        public static partial void WorkerFailed(ILogger logger, string volumeGroup, Exception exception);

        [LoggerMessage(EventId = 1455, EventName = "UnknownOpcode", Level = LogLevel.Warning,
            Message = "Host {HostId} slot {Slot} holds an unknown message (first bytes {Opcode}); recorded, not answered")]
        public static partial void UnknownOpcode(ILogger logger, int hostId, int slot, string opcode);

        [LoggerMessage(EventId = 1456, EventName = "UnknownDomain", Level = LogLevel.Warning,
            Message = "Host {HostId} slot {Slot} asks for domain {Domain}, which is not in the pool; answered with size 0")]
        public static partial void UnknownDomain(ILogger logger, int hostId, int slot, Guid domain);

        [LoggerMessage(EventId = 1457, EventName = "ChecksumError", Level = LogLevel.Warning,
            Message = "The mailbox block of host {HostId} failed its checksum")]
        public static partial void ChecksumError(ILogger logger, int hostId);

        [LoggerMessage(EventId = 1458, EventName = "UnroutedFailed", Level = LogLevel.Error,
            Message = "Recording a mailbox event failed; ending the term")]
        public static partial void UnroutedFailed(ILogger logger, Exception exception);
    }
}
