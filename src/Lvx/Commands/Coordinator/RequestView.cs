using LvExtend.Admin.V1;

namespace Lvx.Commands.Coordinator;

/// <summary>The JSON of <c>lvx requests</c>.</summary>
internal sealed record RequestsView(IReadOnlyList<RequestView> Requests);

/// <summary>One extend request. LV sizes in bytes, the requested size in MiB, phase durations in seconds.</summary>
internal sealed record RequestView(
    long Id,
    string State,
    string Source,
    int? HostId,
    int? Slot,
    string? Domain,
    string? Volume,
    string? VgName,
    string? LvName,
    long? RequestedMib,
    long? SizeBeforeBytes,
    long? SizeAfterBytes,
    string? Reason,
    long Epoch,
    string InstanceId,
    DateTimeOffset? DetectedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? CompletedAt,
    PhasesView Phases)
{
    public static RequestView From(ExtendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var phases = request.Phases ?? new Phases();
        return new RequestView(
            request.Id,
            Formats.StateName(request.State),
            Formats.SourceName(request.Source),
            request.HasHostId ? request.HostId : null,
            request.HasSlot ? request.Slot : null,
            Formats.NullIfEmpty(request.Domain),
            Formats.NullIfEmpty(request.Volume),
            Formats.NullIfEmpty(request.VgName),
            Formats.NullIfEmpty(request.LvName),
            request.HasRequestedMib ? request.RequestedMib : null,
            request.HasSizeBeforeBytes ? request.SizeBeforeBytes : null,
            request.HasSizeAfterBytes ? request.SizeAfterBytes : null,
            Formats.NullIfEmpty(request.Reason),
            request.Epoch,
            request.InstanceId,
            Formats.ToDateTimeOffset(request.DetectedAt),
            Formats.ToDateTimeOffset(request.UpdatedAt),
            Formats.ToDateTimeOffset(request.CompletedAt),
            new PhasesView(
                Formats.Seconds(phases.Detect),
                Formats.Seconds(phases.Wait),
                Formats.Seconds(phases.Validate),
                Formats.Seconds(phases.Lvextend),
                Formats.Seconds(phases.Record),
                Formats.Seconds(phases.Reply),
                Formats.Seconds(phases.Total)));
    }
}

/// <summary>Phase durations of a request, in seconds (null: the phase did not run).</summary>
internal sealed record PhasesView(double? Detect, double? Wait, double? Validate, double? Lvextend, double? Record, double? Reply, double? Total);
