using LvExtend.Admin.V1;

namespace Lvx.Commands.Coordinator;

/// <summary>The JSON of <c>lvx hosts</c>.</summary>
internal sealed record HostsView(IReadOnlyList<HostView> Hosts);

/// <summary>One host in <see cref="HostsView"/>.</summary>
internal sealed record HostView(int HostId, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, long Requests, long Rejections, long ChecksumErrors)
{
    public static HostView From(Host host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new HostView(host.HostId, Formats.ToDateTimeOffset(host.FirstSeen), Formats.ToDateTimeOffset(host.LastSeen),
            host.Requests, host.Rejections, host.ChecksumErrors);
    }
}
