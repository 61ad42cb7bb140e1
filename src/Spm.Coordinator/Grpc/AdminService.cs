using Grpc.Core;
using LvExtend.Admin.V1;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Options;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// The Admin gRPC service (proto/admin.proto) over <see cref="CoordinatorAdmin"/>. Authorization runs
/// before it, in <see cref="AdminAuthorizationInterceptor"/>; expected failures become statuses through
/// <see cref="AdminStatusMapper"/>.
/// </summary>
internal sealed class AdminService : LvExtend.Admin.V1.Admin.AdminBase
{
    private readonly CoordinatorAdmin _admin;
    private readonly ILeaseStore _leases;
    private readonly CoordinatorOptions _options;
    private readonly ReadinessReporter _readiness;

    private readonly LeadershipState _leadership;

    public AdminService(
        CoordinatorAdmin admin, ILeaseStore leases, IOptions<CoordinatorOptions> options, ReadinessReporter readiness, LeadershipState leadership)
    {
        ArgumentNullException.ThrowIfNull(options);
        _admin = admin;
        _leases = leases;
        _options = options.Value;
        _readiness = readiness;
        _leadership = leadership;
    }

    public override Task<StepDownResponse> StepDown(StepDownRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var epoch = _leadership.Epoch;
        var stepped = _leadership.TryStepDown($"an operator asked (admin call from {context.Peer})");
        return Task.FromResult(new StepDownResponse { SteppedDown = stepped, Epoch = stepped ? epoch : 0 });
    }

    public override async Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = AdminStatusMapper.Unwrap(await _admin.GetStatusAsync(context.CancellationToken));
        var response = AdminProtoMapper.ToProto(status);
        var reasons = await _readiness.NotServingReasonsAsync(context.CancellationToken);
        response.Serving = reasons.Count == 0;
        response.NotServingReasons.AddRange(reasons);
        return response;
    }

    public override async Task<ListHostsResponse> ListHosts(ListHostsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hosts = AdminStatusMapper.Unwrap(await _admin.ListHostsAsync(context.CancellationToken));
        var response = new ListHostsResponse();
        response.Hosts.AddRange(hosts.Select(AdminProtoMapper.ToProto));
        return response;
    }

    public override async Task<ListRequestsResponse> ListRequests(ListRequestsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var state = AdminRequestParser.StateFilter(request.State);
        int? hostId = request.HasHostId ? request.HostId : null;
        var volume = AdminRequestParser.OptionalUuid(request.Volume, "volume");
        var limit = AdminRequestParser.Limit(request.Limit);
        var records = AdminStatusMapper.Unwrap(
            await _admin.ListRequestsAsync(state, hostId, volume, limit, context.CancellationToken));
        var response = new ListRequestsResponse();
        response.Requests.AddRange(records.Select(AdminProtoMapper.ToProto));
        return response;
    }

    public override async Task<GetHistoryResponse> GetHistory(GetHistoryRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var volume = AdminRequestParser.OptionalUuid(request.Volume, "volume");
        var limit = AdminRequestParser.Limit(request.Limit);
        var entries = AdminStatusMapper.Unwrap(await _admin.GetHistoryAsync(volume, limit, context.CancellationToken));
        var response = new GetHistoryResponse();
        response.Entries.AddRange(entries.Select(AdminProtoMapper.ToProto));
        return response;
    }

    public override async Task<ExtendVolumeResponse> ExtendVolume(ExtendVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var domain = AdminRequestParser.RequiredUuid(request.Domain, "domain");
        var volume = AdminRequestParser.RequiredUuid(request.Volume, "volume");
        var outcome = await UnwrapMutationAsync(
            await _admin.ExtendVolumeAsync(domain, volume, request.SizeMib, context.CancellationToken), context.CancellationToken);
        var status = AdminStatusMapper.ToStatus(outcome);
        return status.StatusCode == StatusCode.OK ? AdminProtoMapper.ToProto(outcome) : throw new RpcException(status);
    }

    public override async Task<AddPhysicalVolumeResponse> AddPhysicalVolume(AddPhysicalVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var domain = AdminRequestParser.RequiredUuid(request.Domain, "domain");
        var outcome = await UnwrapMutationAsync(
            await _admin.AddPhysicalVolumeAsync(domain, request.DevicePath, request.Force, context.CancellationToken), context.CancellationToken);
        return AdminProtoMapper.ToProto(outcome);
    }

    public override async Task<LvExtend.Admin.V1.Policy> GetPolicy(GetPolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AdminProtoMapper.ToProto(AdminStatusMapper.Unwrap(await _admin.GetPolicyAsync(context.CancellationToken)));
    }

    public override async Task<LvExtend.Admin.V1.Policy> SetPolicy(SetPolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var update = AdminRequestParser.PolicyUpdate(request);
        var policy = await UnwrapMutationAsync(await _admin.SetPolicyAsync(update, context.CancellationToken), context.CancellationToken);
        return AdminProtoMapper.ToProto(policy);
    }

    /// <summary>
    /// Like <see cref="AdminStatusMapper.Unwrap"/>; a NOT_LEADER failure names the lease holder in its
    /// ErrorInfo metadata (and, for people, in the message), read from the lease row.
    /// </summary>
    private async Task<T> UnwrapMutationAsync<T>(AdminResult<T> result, CancellationToken cancellationToken)
    {
        if (result.Succeeded || result.Error!.Code != AdminErrorCode.NotLeader)
        {
            return AdminStatusMapper.Unwrap(result);
        }

        LeaseInfo? lease = null;
        var readable = true;
        try
        {
            lease = await _leases.ReadAsync(_options.PoolId, cancellationToken);
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, cancellationToken))
        {
            readable = false;
        }

        throw AdminErrorDetails.NotLeader(_options.EffectiveInstanceId, _options.PoolId, lease, readable);
    }
}
