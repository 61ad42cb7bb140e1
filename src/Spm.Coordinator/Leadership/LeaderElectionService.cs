using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;
using Spm.Coordinator.Store;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.Leadership;

/// <summary>
/// Takes the pool's lease when it is free, renews it every <see cref="LeaseOptions.RenewInterval"/> from the
/// moment it is acquired (also while the term starts), and runs the term (<see cref="ITermRunner"/>) in
/// between. A term ends when a renewal finds the lease taken, when the local deadline passes without a
/// renewal, when the term cannot start or fails, on a step-down request, or at shutdown. Whenever the lease
/// may still be ours, it is released once everything of the term has stopped, so that a standby takes over
/// on its next attempt. A term that could not start, failed or stepped down backs off before competing
/// again (<see cref="TermEndReasons.BacksOff"/>), so a healthy standby leads instead of a broken instance.
/// </summary>
internal sealed partial class LeaderElectionService(
    IOptions<CoordinatorOptions> options,
    ILeaseStore leases,
    ITermRunner runner,
    LeadershipState state,
    CoordinatorInstruments instruments,
    TimeProvider timeProvider,
    ILogger<LeaderElectionService> logger) : BackgroundService
{
    /// <summary>The longest back-off after repeated failed terms.</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly CoordinatorOptions _options = options.Value;

    /// <summary>The admin address written into the lease row with every acquisition and renewal (null: none).</summary>
    private readonly string? _address = options.Value.EffectiveAdvertiseAddress;

    /// <summary>How long to wait before competing again after <paramref name="failures"/> failed terms in a row.</summary>
    internal static TimeSpan Backoff(LeaseOptions lease, int failures)
    {
        // At least a TTL and a standby's poll: a standby that polls every AcquireInterval gets the released lease first.
        var first = lease.Ttl + lease.AcquireInterval;
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 16));
        var backoff = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, MaxBackoff.Ticks));
        return backoff < first ? first : backoff;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = _options.Lease;
        var holder = _options.EffectiveInstanceId;
        Log.Started(logger, holder, _options.PoolId, lease.Ttl.TotalSeconds, _address ?? "none");
        var failures = 0;
        try
        {
            // A little jitter so that coordinators started together don't race on the first attempt.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 50)), timeProvider, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var sent = timeProvider.GetTimestamp();
                var result = await leases.TryAcquireAsync(_options.PoolId, holder, _address, lease.Ttl, stoppingToken);
                var wait = lease.AcquireInterval;
                switch (result.Status)
                {
                    case LeaseStatus.Acquired:
                        if (await LeadAsync(new LeaseFence(_options.PoolId, holder, result.Epoch), sent, stoppingToken))
                        {
                            wait = Backoff(lease, ++failures);
                            Log.BackingOff(logger, wait.TotalSeconds, failures);
                        }
                        else
                        {
                            failures = 0;
                        }

                        break;
                    case LeaseStatus.TransientFailure:
                        Log.AcquireFailed(logger, result.Error?.Message ?? "no answer");
                        break;
                }

                await Task.Delay(wait, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Runs one term; returns whether this instance should back off before competing again.</summary>
    private async Task<bool> LeadAsync(LeaseFence fence, long sent, CancellationToken stoppingToken)
    {
        var lease = _options.Lease;
        using var term = new LeaderTerm(fence, sent, lease.Ttl, lease.SafetyMargin, timeProvider);
        Log.Acquired(logger, fence.Epoch, term.Remaining.TotalMilliseconds);
        state.Set(term);
        instruments.SetLeader(true, fence.Epoch);

        // Renewals run from the acquisition on: a slow start must not cost the lease.
        var renewal = RenewUntilEndedAsync(term, stoppingToken);
        var started = false;
        try
        {
            var startedAt = timeProvider.GetTimestamp();
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term.Stopping))
            {
                await runner.StartAsync(term, linked.Token);
            }

            if (term.IsValid)
            {
                started = true;
                state.MarkServing();
                var elapsed = timeProvider.GetElapsedTime(startedAt);
                Log.Serving(logger, fence.Epoch, elapsed.TotalMilliseconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || term.Stopping.IsCancellationRequested)
        {
            // The term ended (or the host is stopping) while it started: the reason is recorded on the term.
        }
        catch (Exception ex)
        {
            // Whatever prevents the term from starting (a missing or short inbox, lvm, the domains' PVs, the
            // database): step down, hand the lease over, back off. The detail goes to the log and the health.
            term.End(TermEndReason.StartFailed, $"{ex.GetType().Name}: {ex.Message}");
            Log.StartFailedDetail(logger, fence.Epoch, ex);
        }

        await renewal;
        term.End(stoppingToken.IsCancellationRequested ? TermEndReason.Shutdown : TermEndReason.Faulted, "the term stopped");
        state.Set(null);
        instruments.SetLeader(false, 0);
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), timeProvider))
        {
            await runner.StopAsync(term, stopTimeout.Token);
        }

        var reason = term.EndReason ?? TermEndReason.Faulted;
        if (!started && reason == TermEndReason.Faulted)
        {
            // Something of the term ended it while it was starting: that is a start failure.
            reason = TermEndReason.StartFailed;
        }

        var detail = term.EndDetail ?? TermEndReasons.Describe(reason);
        var reasonText = TermEndReasons.Describe(reason);
        if (reason is TermEndReason.Shutdown or TermEndReason.SteppedDown or TermEndReason.LeaseLost)
        {
            Log.TermEnded(logger, fence.Epoch, reasonText, detail);
        }
        else
        {
            Log.TermEndedBadly(logger, fence.Epoch, reasonText, detail);
        }

        if (reason is not (TermEndReason.Shutdown or TermEndReason.LeaseLost or TermEndReason.SteppedDown))
        {
            state.RecordFailure(new TermFailure(fence.Epoch, started ? reason : TermEndReason.StartFailed, detail, timeProvider.GetUtcNow()));
        }

        if (reason != TermEndReason.LeaseLost)
        {
            // Everything of the term has stopped: hand the lease over now rather than after the TTL (a no-op when
            // another epoch holds it: the release is conditional on this holder and epoch).
            using var releaseTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), timeProvider);
            if (await leases.TryReleaseAsync(fence.PoolId, fence.Holder, fence.Epoch, releaseTimeout.Token))
            {
                Log.Released(logger, fence.Epoch);
            }
        }

        return reason != TermEndReason.Shutdown
            && (TermEndReasons.BacksOff(reason) || (!started && reason != TermEndReason.LeaseLost));
    }

    /// <summary>Renews until the term ends (for whatever reason); ends the term on loss or at the deadline.</summary>
    private async Task RenewUntilEndedAsync(LeaderTerm term, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var lease = _options.Lease;
        var fence = term.Fence;
        using var timer = new PeriodicTimer(lease.RenewInterval, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term.Stopping);
        try
        {
            while (await timer.WaitForNextTickAsync(linked.Token))
            {
                var sent = timeProvider.GetTimestamp();
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                attempt.CancelAfter(term.Remaining);
                var result = await leases.TryRenewAsync(fence.PoolId, fence.Holder, _address, fence.Epoch, lease.Ttl, attempt.Token);
                switch (result.Status)
                {
                    case LeaseStatus.Held:
                        Log.Renewed(logger, fence.Epoch);
                        if (!term.Extend(sent))
                        {
                            term.End(TermEndReason.DeadlinePassed, "the local deadline passed before the renewal returned");
                            Log.DeadlinePassed(logger, fence.Epoch);
                            return;
                        }

                        break;
                    case LeaseStatus.NotAvailable:
                        term.End(TermEndReason.LeaseLost, "a renewal found the lease held by another epoch");
                        Log.Lost(logger, fence.Epoch);
                        return;
                    default:
                        if (!term.IsValid)
                        {
                            term.End(TermEndReason.DeadlinePassed, "the lease could not be renewed before the local deadline");
                            Log.DeadlinePassed(logger, fence.Epoch);
                            return;
                        }

                        Log.RenewFailed(logger, fence.Epoch, term.Remaining.TotalMilliseconds, result.Error?.Message ?? "no answer");
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // The term ended or the host is stopping.
        }
        catch (Exception ex)
        {
            // A bug in the renewal path: no lease without renewals, so the term ends now (and is cleaned up).
            term.End(TermEndReason.Faulted, "renewing the lease failed: " + ex.Message);
            Log.RenewalBroken(logger, fence.Epoch, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, EventName = "ElectionStarted", Level = LogLevel.Information,
            Message = "Coordinator {InstanceId} competes for the lease of pool {PoolId} (TTL {TtlSeconds} s; admin address advertised: {AdvertiseAddress})")]
        public static partial void Started(ILogger logger, string instanceId, string poolId, double ttlSeconds, string advertiseAddress);

        [LoggerMessage(EventId = 1202, EventName = "LeaseAcquired", Level = LogLevel.Information,
            Message = "Leading with epoch {Epoch}; {RemainingMs:F0} ms before the local deadline")]
        public static partial void Acquired(ILogger logger, long epoch, double remainingMs);

        [LoggerMessage(EventId = 1203, EventName = "LeaseLost", Level = LogLevel.Warning,
            Message = "The lease of epoch {Epoch} was lost: another coordinator leads")]
        public static partial void Lost(ILogger logger, long epoch);

        [LoggerMessage(EventId = 1204, EventName = "LeaseDeadlinePassed", Level = LogLevel.Warning,
            Message = "Epoch {Epoch}: the local lease deadline passed without a renewal; stepping down")]
        public static partial void DeadlinePassed(ILogger logger, long epoch);

        [LoggerMessage(EventId = 1205, EventName = "LeaseRenewFailed", Level = LogLevel.Warning,
            Message = "Epoch {Epoch}: renewing the lease failed ({Error}); {RemainingMs:F0} ms left before stepping down")]
        public static partial void RenewFailed(ILogger logger, long epoch, double remainingMs, string error);

        [LoggerMessage(EventId = 1206, EventName = "LeaseAcquireFailed", Level = LogLevel.Warning,
            Message = "Trying to take the lease failed: {Error}")]
        public static partial void AcquireFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 1207, EventName = "TermEnded", Level = LogLevel.Information,
            Message = "Epoch {Epoch} ended: {Reason} ({Detail})")]
        public static partial void TermEnded(ILogger logger, long epoch, string reason, string detail);

        [LoggerMessage(EventId = 1208, EventName = "LeaseReleased", Level = LogLevel.Information,
            Message = "Released the lease of epoch {Epoch}")]
        public static partial void Released(ILogger logger, long epoch);

        [LoggerMessage(EventId = 1210, EventName = "TermEndedBadly", Level = LogLevel.Warning,
            Message = "Epoch {Epoch} ended: {Reason} ({Detail})")]
        public static partial void TermEndedBadly(ILogger logger, long epoch, string reason, string detail);

        [LoggerMessage(EventId = 1211, EventName = "TermServing", Level = LogLevel.Information,
            Message = "Epoch {Epoch}: the term started in {ElapsedMs:F0} ms; serving")]
        public static partial void Serving(ILogger logger, long epoch, double elapsedMs);

        [LoggerMessage(EventId = 1212, EventName = "ElectionBackingOff", Level = LogLevel.Warning,
            Message = "Not competing for the lease for {Seconds:F1} s ({Failures} failed terms in a row), so that a healthy standby leads")]
        public static partial void BackingOff(ILogger logger, double seconds, int failures);

        [LoggerMessage(EventId = 1215, EventName = "LeaseRenewed", Level = LogLevel.Trace,
            Message = "Epoch {Epoch}: lease renewed")]
        public static partial void Renewed(ILogger logger, long epoch);

        [LoggerMessage(EventId = 1214, EventName = "LeaseRenewalBroken", Level = LogLevel.Error,
            Message = "Epoch {Epoch}: the renewal loop failed; stepping down")]
        public static partial void RenewalBroken(ILogger logger, long epoch, Exception exception);

        [LoggerMessage(EventId = 1213, EventName = "TermStartFailedDetail", Level = LogLevel.Debug,
            Message = "Epoch {Epoch}: why the term could not start")]
        public static partial void StartFailedDetail(ILogger logger, long epoch, Exception exception);
    }
}
