using Microsoft.Extensions.Options;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Options;
using Spm.Coordinator.Policies;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Hosting;

/// <summary>
/// Runs before the election: applies the schema migrations (retrying while the database is unreachable,
/// up to a minute), loads the stored policy and the devices added by earlier leaders.
/// </summary>
internal sealed partial class StartupService(
    MigrationRunner migrations,
    PolicyService policy,
    IDomainStore domainStore,
    DomainRegistry domains,
    IOptions<CoordinatorOptions> options,
    TimeProvider timeProvider,
    ILogger<StartupService> logger) : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrations.ApplyAsync(cancellationToken);
                await policy.LoadAsync(cancellationToken);
                foreach (var (domainId, devices) in await domainStore.ReadDevicesAsync(options.Value.PoolId, cancellationToken))
                {
                    domains.MergeDevices(domainId, devices);
                }

                Log.Ready(logger, options.Value.EffectiveInstanceId, options.Value.PoolId);
                return;
            }
            catch (Exception ex) when (StoreErrors.IsTransient(ex, cancellationToken) && timeProvider.GetElapsedTime(started) < GiveUpAfter)
            {
                Log.DatabaseUnavailable(logger, attempt, ex);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), timeProvider, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "CoordinatorReady", Level = LogLevel.Information,
            Message = "Coordinator {InstanceId} of pool {PoolId}: schema ready, competing for the lease")]
        public static partial void Ready(ILogger logger, string instanceId, string poolId);

        [LoggerMessage(EventId = 1002, EventName = "DatabaseUnavailable", Level = LogLevel.Warning,
            Message = "The database is not reachable yet (attempt {Attempt}); retrying")]
        public static partial void DatabaseUnavailable(ILogger logger, int attempt, Exception exception);
    }
}
