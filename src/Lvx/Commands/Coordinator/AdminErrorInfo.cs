using System.Globalization;
using Google.Rpc;
using Grpc.Core;

namespace Lvx.Commands.Coordinator;

/// <summary>
/// The <c>google.rpc.ErrorInfo</c> a coordinator attaches to every failed admin call (proto/admin.proto):
/// its presence proves that the coordinator answered (as opposed to a transport failure), the reason says
/// what failed, and for NOT_LEADER the metadata names the leader and its epoch.
/// </summary>
/// <param name="Reason">The reason, e.g. NOT_LEADER, UNAVAILABLE.</param>
/// <param name="Leader">The lease holder for NOT_LEADER, when somebody leads.</param>
/// <param name="LeaderEpoch">Its lease epoch (0 when unknown).</param>
internal sealed record AdminErrorInfo(string Reason, string? Leader, long LeaderEpoch)
{
    /// <summary>The ErrorInfo domain of LvExtend's admin API.</summary>
    public const string Domain = "admin.lvextend";

    /// <summary>The ErrorInfo of <paramref name="exception"/>, or null when the coordinator did not send one.</summary>
    public static AdminErrorInfo? Read(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var info = exception.GetRpcStatus()?.GetDetail<ErrorInfo>();
        if (info is null || !string.Equals(info.Domain, Domain, StringComparison.Ordinal))
        {
            return null;
        }

        var leader = info.Metadata.TryGetValue("leader", out var holder) && holder.Length > 0 ? holder : null;
        var epoch = info.Metadata.TryGetValue("leader_epoch", out var text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return new AdminErrorInfo(info.Reason, leader, epoch);
    }
}
