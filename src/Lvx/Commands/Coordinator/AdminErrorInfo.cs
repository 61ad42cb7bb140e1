using System.Globalization;
using Google.Rpc;
using Grpc.Core;

namespace Lvx.Commands.Coordinator;

/// <summary>
/// The <c>google.rpc.ErrorInfo</c> a coordinator attaches to every failed admin call (proto/admin.proto):
/// its presence proves that the coordinator answered (as opposed to a transport failure), the reason says
/// what failed, and for NOT_LEADER the metadata names the leader, its epoch and its advertised admin address.
/// </summary>
/// <param name="Reason">The reason, e.g. NOT_LEADER, UNAVAILABLE.</param>
/// <param name="Leader">The lease holder for NOT_LEADER, when somebody leads.</param>
/// <param name="LeaderEpoch">Its lease epoch (0 when unknown).</param>
/// <param name="LeaderAddress">
/// The admin address the leader advertises (an absolute http or https URI), or null when it advertises none or
/// the value is not such a URI.
/// </param>
internal sealed record AdminErrorInfo(string Reason, string? Leader, long LeaderEpoch, Uri? LeaderAddress = null)
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
        var address = info.Metadata.TryGetValue("leader_address", out var value)
            && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
            ? uri
            : null;
        return new AdminErrorInfo(info.Reason, leader, epoch, address);
    }
}
