using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Spm.Coordinator.Grpc;

/// <summary>Healthy when a connection from the coordinator's data source answers <c>SELECT 1</c> within <see cref="Timeout"/>.</summary>
internal sealed class DatabaseHealthCheck : IHealthCheck
{
    /// <summary>How long the probe may take before the database counts as unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly NpgsqlDataSource _dataSource;

    public DatabaseHealthCheck(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            command.CommandTimeout = (int)Math.Ceiling(Timeout.TotalSeconds);
            var result = await command.ExecuteScalarAsync(timeout.Token);
            return result is 1
                ? HealthCheckResult.Healthy("the database answers")
                : HealthCheckResult.Unhealthy($"SELECT 1 returned '{result}'");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the database did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the database is unreachable: " + ex.Message, ex);
        }
    }
}
