using LvExtend.Admin.V1;

namespace Lvx.Commands.Coordinator;

/// <summary>The JSON of <c>lvx history</c>.</summary>
internal sealed record HistoryView(IReadOnlyList<HistoryEntryView> Entries);

/// <summary>One state change of a request. LV sizes in bytes, the requested size in MiB.</summary>
internal sealed record HistoryEntryView(
    long EventId,
    long RequestId,
    DateTimeOffset? At,
    string State,
    string? Reason,
    string Source,
    int? HostId,
    string? Domain,
    string? Volume,
    long? RequestedMib,
    long? SizeBeforeBytes,
    long? SizeAfterBytes,
    long Epoch,
    string InstanceId)
{
    public static HistoryEntryView From(HistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new HistoryEntryView(
            entry.EventId,
            entry.RequestId,
            Formats.ToDateTimeOffset(entry.At),
            Formats.StateName(entry.State),
            Formats.NullIfEmpty(entry.Reason),
            Formats.SourceName(entry.Source),
            entry.HasHostId ? entry.HostId : null,
            Formats.NullIfEmpty(entry.Domain),
            Formats.NullIfEmpty(entry.Volume),
            entry.HasRequestedMib ? entry.RequestedMib : null,
            entry.HasSizeBeforeBytes ? entry.SizeBeforeBytes : null,
            entry.HasSizeAfterBytes ? entry.SizeAfterBytes : null,
            entry.Epoch,
            entry.InstanceId);
    }
}
