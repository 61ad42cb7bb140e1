using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// Healthy only while this instance leads and its term has started (it serves requests). Otherwise the
/// reason: the last term could not start (and why), the term is still starting, or no lease (a standby).
/// </summary>
internal sealed class LeadershipHealthCheck(LeadershipState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = state switch
        {
            { IsServing: true } => HealthCheckResult.Healthy($"leading with epoch {state.Epoch}"),
            { LastFailure: { } failure } => HealthCheckResult.Unhealthy(
                $"{TermEndReasons.Describe(failure.Reason)} (epoch {failure.Epoch}): {failure.Detail}"),
            { IsLeader: true } => HealthCheckResult.Unhealthy($"the term of epoch {state.Epoch} is starting"),
            _ => HealthCheckResult.Unhealthy("no lease: this instance is a standby"),
        };
        return Task.FromResult(result);
    }
}
