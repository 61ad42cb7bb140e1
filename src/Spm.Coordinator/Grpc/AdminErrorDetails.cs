using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// The <c>google.rpc.ErrorInfo</c> every failed admin call carries in its <c>grpc-status-details-bin</c>
/// (documented in proto/admin.proto): a reason per <see cref="AdminErrorCode"/>, the domain
/// <see cref="Domain"/>, and for NOT_LEADER the lease holder, its epoch and its advertised admin address as
/// metadata, so that clients read the leader from typed fields instead of the message text.
/// </summary>
internal static class AdminErrorDetails
{
    /// <summary>The ErrorInfo domain of LvExtend's admin API.</summary>
    public const string Domain = "admin.lvextend";

    /// <summary>Metadata key: the instance id holding the lease (absent when nobody leads).</summary>
    public const string LeaderKey = "leader";

    /// <summary>Metadata key: the lease epoch of that leader.</summary>
    public const string LeaderEpochKey = "leader_epoch";

    /// <summary>
    /// Metadata key: the admin address the leader advertised for that epoch (<c>Coordinator:AdvertiseAddress</c>),
    /// absent when it advertises none.
    /// </summary>
    public const string LeaderAddressKey = "leader_address";

    /// <summary>The ErrorInfo reason of a code (UPPER_SNAKE_CASE, stable).</summary>
    public static string Reason(AdminErrorCode code) => code switch
    {
        AdminErrorCode.NotLeader => "NOT_LEADER",
        AdminErrorCode.InvalidArgument => "INVALID_ARGUMENT",
        AdminErrorCode.NotFound => "NOT_FOUND",
        AdminErrorCode.FailedPrecondition => "FAILED_PRECONDITION",
        AdminErrorCode.Unavailable => "UNAVAILABLE",
        _ => "INTERNAL",
    };

    /// <summary>The exception that fails a call with <paramref name="error"/>, its ErrorInfo attached.</summary>
    public static RpcException ToException(AdminError error, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var info = new ErrorInfo { Reason = Reason(error.Code), Domain = Domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)AdminStatusMapper.ToStatusCode(error.Code),
            Message = error.Message,
            Details = { Any.Pack(info) },
        };
        return status.ToRpcException();
    }

    /// <summary>
    /// A NOT_LEADER failure of <paramref name="instanceId"/>: the message names the leader for people, the
    /// ErrorInfo carries it for programs. <paramref name="lease"/> null means the lease could not be read.
    /// </summary>
    public static RpcException NotLeader(string instanceId, string poolId, LeaseInfo? lease, bool leaseReadable)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        string leader;
        if (!leaseReadable)
        {
            leader = "the leader is unknown (the lease cannot be read)";
        }
        else if (lease is { Expired: false })
        {
            metadata[LeaderKey] = lease.Holder;
            metadata[LeaderEpochKey] = lease.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(lease.Address))
            {
                metadata[LeaderAddressKey] = lease.Address;
            }

            leader = $"the leader is {lease.Holder} (epoch {lease.Epoch})";
        }
        else
        {
            leader = "no leader right now";
        }

        return ToException(new AdminError(AdminErrorCode.NotLeader, $"{instanceId} is not the leader of pool {poolId}; {leader}."), metadata);
    }
}
