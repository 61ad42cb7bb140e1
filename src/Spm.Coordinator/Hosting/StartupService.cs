using Microsoft.Extensions.Options;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Options;
using Spm.Coordinator.Policies;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Hosting;

/// <summary>
/// Runs before the election: applies the schema migrations (retrying while the database is unreachable,
/// with one warning line per attempt and no stack trace, until it answers or the host stops), loads the
/// stored policy and the devices added by earlier leaders.
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
    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
            catch (Exception ex) when (StoreErrors.IsTransient(ex, cancellationToken) || ex is System.Net.Sockets.SocketException)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(5, attempt));
                Log.DatabaseUnavailable(logger, attempt, OneLine(ex), delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, timeProvider, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped while waiting for the database: nothing started, nothing to report.
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string OneLine(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        var text = ReferenceEquals(innermost, exception) ? exception.Message : $"{exception.Message} ({innermost.Message})";
        return text.ReplaceLineEndings(" ");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "CoordinatorReady", Level = LogLevel.Information,
            Message = "Coordinator {InstanceId} of pool {PoolId}: schema ready, competing for the lease")]
        public static partial void Ready(ILogger logger, string instanceId, string poolId);

        [LoggerMessage(EventId = 1002, EventName = "DatabaseUnavailable", Level = LogLevel.Warning,
            Message = "The database is not reachable yet (attempt {Attempt}): {Error}; retrying in {DelaySeconds:0} s")]
        public static partial void DatabaseUnavailable(ILogger logger, int attempt, string error, double delaySeconds);
    }
}
