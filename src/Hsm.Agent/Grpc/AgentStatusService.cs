using Grpc.Core;
using Hsm.Agent.Extension;
using Hsm.Agent.Hosting;
using Hsm.Agent.Options;
using LvExtend.Agent.V1;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Grpc;

/// <summary>The read-only status API: VMs, drives, pending requests (lvx agent-status).</summary>
internal sealed class AgentStatusService(
    VmRegistry registry,
    IExtendRequestSender sender,
    IOptions<AgentOptions> agent,
    IOptions<ActivationOptions> activation,
    IOptionsMonitor<ExtensionPolicyOptions> policy,
    TimeProvider timeProvider) : AgentStatus.AgentStatusBase
{
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context) =>
        Task.FromResult(Build());

    /// <summary>The current status (also used directly by tests).</summary>
    public GetStatusResponse Build()
    {
        var current = policy.CurrentValue;
        var response = new GetStatusResponse
        {
            HostId = agent.Value.HostId,
            PoolId = agent.Value.PoolId.ToString(),
            ActivationBackend = activation.Value.Backend.ToString(),
            MailboxInFlight = sender.InFlight,
            Now = StatusMapper.ToTimestamp(timeProvider.GetUtcNow()),
            Policy = new Policy
            {
                UtilizationPercent = current.UtilizationPercent,
                ChunkMib = current.ChunkMib,
                CheckIntervalSeconds = current.CheckInterval.TotalSeconds,
                RetryInitialDelaySeconds = current.RetryInitialDelay.TotalSeconds,
                RetryMaxDelaySeconds = current.RetryMaxDelay.TotalSeconds,
                AdaptiveEnabled = current.Adaptive.Enabled,
                AdaptiveMinChunkMib = current.Adaptive.MinChunkMib,
                AdaptiveMaxChunkMib = current.Adaptive.MaxChunkMib,
            },
        };
        foreach (var vm in registry.All)
        {
            var status = vm.Snapshot();
            response.Vms.Add(StatusMapper.ToVm(status));
            foreach (var drive in status.Drives)
            {
                if (drive.Pending is { } pending)
                {
                    response.Pending.Add(StatusMapper.ToPending(drive.Drive, pending));
                }
            }
        }

        return response;
    }
}
