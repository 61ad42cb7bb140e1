using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;
using Spm.Coordinator.Store;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.Leadership;

/// <summary>
/// Takes the pool's lease when it is free, renews it every <see cref="LeaseOptions.RenewInterval"/> while
/// leading, and runs the term (<see cref="ITermRunner"/>) in between. A term ends when a renewal finds
/// the lease taken, when the local deadline passes without a renewal, or at shutdown (then the lease is
/// released so that a standby takes over at once).
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
    private readonly CoordinatorOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = _options.Lease;
        var holder = _options.EffectiveInstanceId;
        Log.Started(logger, holder, _options.PoolId, lease.Ttl.TotalSeconds);
        try
        {
            // A little jitter so that coordinators started together don't race on the first attempt.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 50)), timeProvider, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var sent = timeProvider.GetTimestamp();
                var result = await leases.TryAcquireAsync(_options.PoolId, holder, lease.Ttl, stoppingToken);
                switch (result.Status)
                {
                    case LeaseStatus.Acquired:
                        await LeadAsync(new LeaseFence(_options.PoolId, holder, result.Epoch), sent, stoppingToken);
                        await Task.Delay(lease.AcquireInterval, timeProvider, stoppingToken);
                        break;
                    case LeaseStatus.TransientFailure:
                        Log.AcquireFailed(logger, result.Error);
                        await Task.Delay(lease.AcquireInterval, timeProvider, stoppingToken);
                        break;
                    default:
                        await Task.Delay(lease.AcquireInterval, timeProvider, stoppingToken);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task LeadAsync(LeaseFence fence, long sent, CancellationToken stoppingToken)
    {
        var lease = _options.Lease;
        using var term = new LeaderTerm(fence, sent, lease.Ttl, lease.SafetyMargin, timeProvider);
        Log.Acquired(logger, fence.Epoch, term.Remaining.TotalMilliseconds);
        state.Set(term);
        instruments.SetLeader(true, fence.Epoch);
        var released = false;
        try
        {
            await runner.StartAsync(term, stoppingToken);
            released = await RenewUntilLostAsync(term, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || term.Stopping.IsCancellationRequested)
        {
            // The term ended or the host is stopping.
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, stoppingToken))
        {
            term.End("the term could not start: " + ex.Message);
            Log.TermFailed(logger, fence.Epoch, ex);
        }
        finally
        {
            term.End(stoppingToken.IsCancellationRequested ? "shutdown" : term.EndReason ?? "the term stopped");
            state.Set(null);
            instruments.SetLeader(false, 0);
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), timeProvider);
            await runner.StopAsync(term, stopTimeout.Token);
            Log.TermEnded(logger, fence.Epoch, term.EndReason ?? "unknown");
            if (!released && (stoppingToken.IsCancellationRequested || term.EndReason?.StartsWith("the term could not start", StringComparison.Ordinal) == true))
            {
                // Everything of the term has stopped: hand the lease over now rather than after the TTL.
                using var releaseTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), timeProvider);
                if (await leases.TryReleaseAsync(fence.PoolId, fence.Holder, fence.Epoch, releaseTimeout.Token))
                {
                    Log.Released(logger, fence.Epoch);
                }
            }
        }
    }

    /// <summary>Renews until the term ends; returns false (the lease was not released here).</summary>
    private async Task<bool> RenewUntilLostAsync(LeaderTerm term, CancellationToken stoppingToken)
    {
        var lease = _options.Lease;
        var fence = term.Fence;
        using var timer = new PeriodicTimer(lease.RenewInterval, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term.Stopping);
        while (await timer.WaitForNextTickAsync(linked.Token))
        {
            var sent = timeProvider.GetTimestamp();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
            attempt.CancelAfter(term.Remaining);
            var result = await leases.TryRenewAsync(fence.PoolId, fence.Holder, fence.Epoch, lease.Ttl, attempt.Token);
            switch (result.Status)
            {
                case LeaseStatus.Held:
                    if (!term.Extend(sent))
                    {
                        term.End("the local deadline passed before the renewal returned");
                        Log.DeadlinePassed(logger, fence.Epoch);
                        return false;
                    }

                    break;
                case LeaseStatus.NotAvailable:
                    term.End("the lease was lost");
                    Log.Lost(logger, fence.Epoch);
                    return false;
                default:
                    if (!term.IsValid)
                    {
                        term.End("the lease could not be renewed before the local deadline");
                        Log.DeadlinePassed(logger, fence.Epoch);
                        return false;
                    }

                    Log.RenewFailed(logger, fence.Epoch, term.Remaining.TotalMilliseconds, result.Error);
                    break;
            }
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, EventName = "ElectionStarted", Level = LogLevel.Information,
            Message = "Coordinator {InstanceId} competes for the lease of pool {PoolId} (TTL {TtlSeconds} s)")]
        public static partial void Started(ILogger logger, string instanceId, string poolId, double ttlSeconds);

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
            Message = "Epoch {Epoch}: renewing the lease failed; {RemainingMs:F0} ms left before stepping down")]
        public static partial void RenewFailed(ILogger logger, long epoch, double remainingMs, Exception? exception);

        [LoggerMessage(EventId = 1206, EventName = "LeaseAcquireFailed", Level = LogLevel.Warning,
            Message = "Trying to take the lease failed")]
        public static partial void AcquireFailed(ILogger logger, Exception? exception);

        [LoggerMessage(EventId = 1207, EventName = "TermEnded", Level = LogLevel.Information,
            Message = "Epoch {Epoch} ended: {Reason}")]
        public static partial void TermEnded(ILogger logger, long epoch, string reason);

        [LoggerMessage(EventId = 1209, EventName = "TermFailed", Level = LogLevel.Error,
            Message = "Epoch {Epoch}: the term failed; stepping down")]
        public static partial void TermFailed(ILogger logger, long epoch, Exception exception);

        [LoggerMessage(EventId = 1208, EventName = "LeaseReleased", Level = LogLevel.Information,
            Message = "Released the lease of epoch {Epoch}")]
        public static partial void Released(ILogger logger, long epoch);
    }
}
