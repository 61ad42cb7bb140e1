using Microsoft.Extensions.Options;
using Npgsql;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Lvm;
using Spm.Coordinator.Options;
using Spm.Coordinator.Policies;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Admin;

/// <summary>
/// The operations behind the admin API (gRPC maps them to protobuf). Reads work on every instance;
/// mutations (extend, add a PV, set the policy) only on the leader, and fail with
/// <see cref="AdminErrorCode.NotLeader"/> elsewhere. Expected failures are results, never exceptions.
/// </summary>
internal sealed partial class CoordinatorAdmin(
    IOptions<CoordinatorOptions> options,
    LeadershipState leadership,
    ActiveTermRegistry terms,
    ILeaseStore leases,
    IRequestReader requests,
    DomainRegistry domains,
    ILvm lvm,
    PolicyService policy,
    ILogger<CoordinatorAdmin> logger)
{
    /// <summary>The largest page a list call returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>The longest device path add-pv accepts (the inspector checks it again).</summary>
    public const int MaxDevicePathLength = 255;

    private readonly CoordinatorOptions _options = options.Value;

    /// <summary>Role, lease, VGs (size, free, waiting) and request counts by state.</summary>
    public async Task<AdminResult<CoordinatorStatus>> GetStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await leases.ReadAsync(_options.PoolId, cancellationToken);
            var counts = await requests.CountByStateAsync(_options.PoolId, cancellationToken);
            var runtime = terms.Current;
            var groups = new List<VolumeGroupStatus>();
            foreach (var domain in domains.All)
            {
                var devices = domains.DevicesOf(domain.DomainId);
                var waiting = runtime?.WaitingCount(domain.DomainId) ?? 0;
                var vg = await lvm.GetVgAsync(domain.VgName, devices, cancellationToken);
                groups.Add(vg.Succeeded
                    ? new VolumeGroupStatus(domain.DomainId, domain.VgName, vg.Value!.SizeBytes, vg.Value.FreeBytes, waiting, devices, null)
                    : new VolumeGroupStatus(domain.DomainId, domain.VgName, null, null, waiting, devices, vg.Error));
            }

            var term = leadership.CurrentTerm;
            var isLeader = term is { IsValid: true };
            return AdminResult<CoordinatorStatus>.Ok(new CoordinatorStatus(
                _options.EffectiveInstanceId,
                _options.PoolId,
                isLeader ? CoordinatorRole.Leader : CoordinatorRole.Standby,
                isLeader ? term!.Epoch : 0,
                lease?.Holder,
                lease?.Epoch ?? 0,
                lease?.ExpiresAt,
                lease?.Expired ?? true,
                groups,
                counts));
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            return Unavailable<CoordinatorStatus>(ex);
        }
    }

    /// <summary>The hosts seen through the mailbox, by host id.</summary>
    public Task<AdminResult<IReadOnlyList<HostSummary>>> ListHostsAsync(CancellationToken cancellationToken) =>
        ReadAsync(ct => requests.ListHostsAsync(_options.PoolId, ct), cancellationToken);

    /// <summary>Extend requests, newest first, filtered by state, host and volume.</summary>
    public Task<AdminResult<IReadOnlyList<ExtendRequestRecord>>> ListRequestsAsync(
        ExtendRequestState? state, int? hostId, Guid? volumeId, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Task.FromResult(AdminResult<IReadOnlyList<ExtendRequestRecord>>.Fail(
                AdminErrorCode.InvalidArgument, $"limit must be within 1..{MaxLimit}."));
        }

        var query = new RequestQuery(state, hostId, volumeId, limit);
        return ReadAsync(ct => requests.ListRequestsAsync(_options.PoolId, query, ct), cancellationToken);
    }

    /// <summary>The audit trail (every state change), newest first, optionally for one volume.</summary>
    public Task<AdminResult<IReadOnlyList<HistoryEntry>>> GetHistoryAsync(Guid? volumeId, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Task.FromResult(AdminResult<IReadOnlyList<HistoryEntry>>.Fail(
                AdminErrorCode.InvalidArgument, $"limit must be within 1..{MaxLimit}."));
        }

        return ReadAsync(ct => requests.GetHistoryAsync(_options.PoolId, volumeId, limit, ct), cancellationToken);
    }

    /// <summary>
    /// Extends an LV to <paramref name="sizeMib"/> MiB through the pipeline (validation, cap, idempotency,
    /// the VG's queue, audit). Leader only. An admin request does not wait for space: it fails instead.
    /// </summary>
    public async Task<AdminResult<ExtendVolumeOutcome>> ExtendVolumeAsync(
        Guid domainId, Guid volumeId, long sizeMib, CancellationToken cancellationToken)
    {
        if (sizeMib <= 0 || sizeMib > uint.MaxValue)
        {
            return AdminResult<ExtendVolumeOutcome>.Fail(AdminErrorCode.InvalidArgument, $"size must be within 1..{uint.MaxValue} MiB.");
        }

        if (!domains.TryGet(domainId, out _))
        {
            return AdminResult<ExtendVolumeOutcome>.Fail(AdminErrorCode.NotFound, $"domain {domainId} is not in pool {_options.PoolId}.");
        }

        if (!TryGetRuntime(out var runtime, out var notLeader))
        {
            return AdminResult<ExtendVolumeOutcome>.Fail(notLeader);
        }

        try
        {
            return await runtime.ExtendAsync(domainId, volumeId, (ulong)sizeMib, cancellationToken);
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            return Unavailable<ExtendVolumeOutcome>(ex);
        }
    }

    /// <summary>
    /// Adds <paramref name="devicePath"/> to the domain's VG: the device inspector must allow it first
    /// (a device with signatures only with <paramref name="force"/>, never a PV), then pvcreate + vgextend
    /// restricted to the pool's devices plus the new one; the device is stored in the domain's list only
    /// after vgextend succeeded, then the requests waiting for space are served. Every attempt is audited
    /// with the force flag. Leader only.
    /// </summary>
    public async Task<AdminResult<AddPhysicalVolumeOutcome>> AddPhysicalVolumeAsync(
        Guid domainId, string devicePath, bool force, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(devicePath) || !devicePath.StartsWith('/') || devicePath.Contains(',')
            || devicePath.Length > MaxDevicePathLength || devicePath.Any(char.IsControl))
        {
            return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.InvalidArgument,
                $"device must be an absolute path of at most {MaxDevicePathLength} printable characters without commas.");
        }

        if (!domains.TryGet(domainId, out _))
        {
            return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotFound, $"domain {domainId} is not in pool {_options.PoolId}.");
        }

        if (!TryGetRuntime(out var runtime, out var notLeader))
        {
            return AdminResult<AddPhysicalVolumeOutcome>.Fail(notLeader);
        }

        try
        {
            return await runtime.AddPhysicalVolumeAsync(domainId, devicePath, force, cancellationToken);
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            return Unavailable<AddPhysicalVolumeOutcome>(ex);
        }
    }

    /// <summary>The policy in effect on this instance.</summary>
    public Task<AdminResult<CoordinatorPolicy>> GetPolicyAsync(CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        return Task.FromResult(AdminResult<CoordinatorPolicy>.Ok(policy.Current));
    }

    /// <summary>Validates, persists (fenced by the epoch) and applies a policy change. Leader only.</summary>
    public async Task<AdminResult<CoordinatorPolicy>> SetPolicyAsync(PolicyUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var term = leadership.CurrentTerm;
        if (term is not { IsValid: true })
        {
            return AdminResult<CoordinatorPolicy>.Fail(await NotLeaderAsync(cancellationToken));
        }

        try
        {
            return await policy.UpdateAsync(term, update, cancellationToken);
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            return Unavailable<CoordinatorPolicy>(ex);
        }
    }

    private bool TryGetRuntime(
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TermRuntime? runtime,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out AdminError? notLeader)
    {
        runtime = terms.Current;
        if (runtime is not null && runtime.Term.IsValid)
        {
            notLeader = null;
            return true;
        }

        runtime = null;
        notLeader = new AdminError(AdminErrorCode.NotLeader, $"{_options.EffectiveInstanceId} is not the leader of pool {_options.PoolId}.");
        return false;
    }

    private async Task<AdminError> NotLeaderAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await leases.ReadAsync(_options.PoolId, cancellationToken);
            var holder = lease is { Expired: false } ? $"; the leader is {lease.Holder} (epoch {lease.Epoch})" : "; no leader right now";
            return new AdminError(AdminErrorCode.NotLeader, $"{_options.EffectiveInstanceId} is not the leader of pool {_options.PoolId}{holder}.");
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            return new AdminError(AdminErrorCode.NotLeader, $"{_options.EffectiveInstanceId} is not the leader of pool {_options.PoolId}.");
        }
    }

    private async Task<AdminResult<T>> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return AdminResult<T>.Ok(await read(cancellationToken));
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            return Unavailable<T>(ex);
        }
    }

    private AdminResult<T> Unavailable<T>(Exception ex)
    {
        Log.AdminCallFailed(logger, ex.GetType().Name, ex.Message);
        return AdminResult<T>.Fail(AdminErrorCode.Unavailable, $"the database or LVM did not answer: {ex.Message}");
    }

    private static bool IsTransient(Exception ex) => ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException;

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, EventName = "AdminCallFailed", Level = LogLevel.Warning,
            Message = "An admin call failed ({ErrorType}): {Reason}")]
        public static partial void AdminCallFailed(ILogger logger, string errorType, string reason);
    }
}
