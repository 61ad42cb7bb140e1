using LvExtend.Admin.V1;
using Spm.Coordinator.Admin;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using ProtoHost = LvExtend.Admin.V1.Host;
using ProtoPolicy = LvExtend.Admin.V1.Policy;
using ProtoVolumeGroup = LvExtend.Admin.V1.VolumeGroup;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Spm.Coordinator.Grpc;

/// <summary>Maps the coordinator's admin results to the protobuf messages of proto/admin.proto.</summary>
internal static class AdminProtoMapper
{
    public static GetStatusResponse ToProto(CoordinatorStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var response = new GetStatusResponse
        {
            InstanceId = status.InstanceId,
            Pool = status.PoolId,
            Role = status.Role == CoordinatorRole.Leader ? Role.Leader : Role.Standby,
            Epoch = status.Epoch,
            Lease = new Lease
            {
                Holder = status.LeaseHolder ?? string.Empty,
                Epoch = status.LeaseEpoch,
                ExpiresAt = ToTimestamp(status.LeaseExpiresAt),
                Expired = status.LeaseExpired,
            },
        };
        response.VolumeGroups.AddRange(status.VolumeGroups.Select(ToProto));
        response.RequestCounts.AddRange(status.RequestCounts.Select(c => new LvExtend.Admin.V1.RequestStateCount { State = ToProto(c.State), Count = c.Count }));
        return response;
    }

    public static ProtoVolumeGroup ToProto(VolumeGroupStatus vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        var message = new ProtoVolumeGroup
        {
            Domain = vg.DomainId.ToString(),
            VgName = vg.VgName,
            WaitingRequests = vg.WaitingRequests,
            Error = vg.Error ?? string.Empty,
        };
        if (vg.SizeBytes is { } size)
        {
            message.SizeBytes = size;
        }

        if (vg.FreeBytes is { } free)
        {
            message.FreeBytes = free;
        }

        message.PhysicalVolumes.AddRange(vg.PhysicalVolumes);
        return message;
    }

    public static ProtoHost ToProto(HostSummary host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new ProtoHost
        {
            HostId = host.HostId,
            FirstSeen = Timestamp.FromDateTimeOffset(host.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(host.LastSeen),
            Requests = host.Requests,
            Rejections = host.Rejections,
            ChecksumErrors = host.ChecksumErrors,
        };
    }

    public static ExtendRequest ToProto(ExtendRequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var message = new ExtendRequest
        {
            Id = record.Id,
            Pool = record.PoolId,
            Epoch = record.Epoch,
            InstanceId = record.InstanceId,
            Source = ToProto(record.Source),
            Domain = record.DomainId?.ToString() ?? string.Empty,
            Volume = record.VolumeId?.ToString() ?? string.Empty,
            VgName = record.VgName ?? string.Empty,
            LvName = record.LvName ?? string.Empty,
            State = ToProto(record.State),
            Reason = record.Reason ?? string.Empty,
            DetectedAt = Timestamp.FromDateTimeOffset(record.DetectedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(record.UpdatedAt),
            CompletedAt = ToTimestamp(record.CompletedAt),
            Phases = ToProto(record.Phases),
        };
        if (record.HostId is { } hostId)
        {
            message.HostId = hostId;
        }

        if (record.Slot is { } slot)
        {
            message.Slot = slot;
        }

        if (record.RequestedMib is { } requested)
        {
            message.RequestedMib = requested;
        }

        if (record.SizeBeforeBytes is { } before)
        {
            message.SizeBeforeBytes = before;
        }

        if (record.SizeAfterBytes is { } after)
        {
            message.SizeAfterBytes = after;
        }

        return message;
    }

    public static LvExtend.Admin.V1.HistoryEntry ToProto(Admin.HistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var message = new LvExtend.Admin.V1.HistoryEntry
        {
            EventId = entry.EventId,
            RequestId = entry.RequestId,
            At = Timestamp.FromDateTimeOffset(entry.At),
            State = ToProto(entry.State),
            Reason = entry.Reason ?? string.Empty,
            Epoch = entry.Epoch,
            InstanceId = entry.InstanceId,
            Source = ToProto(entry.Source),
            Domain = entry.DomainId?.ToString() ?? string.Empty,
            Volume = entry.VolumeId?.ToString() ?? string.Empty,
        };
        if (entry.HostId is { } hostId)
        {
            message.HostId = hostId;
        }

        if (entry.RequestedMib is { } requested)
        {
            message.RequestedMib = requested;
        }

        if (entry.SizeBeforeBytes is { } before)
        {
            message.SizeBeforeBytes = before;
        }

        if (entry.SizeAfterBytes is { } after)
        {
            message.SizeAfterBytes = after;
        }

        return message;
    }

    public static ExtendVolumeResponse ToProto(ExtendVolumeOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var message = new ExtendVolumeResponse { State = ToProto(outcome.State), Reason = outcome.Reason ?? string.Empty };
        if (outcome.RequestId is { } id)
        {
            message.RequestId = id;
        }

        if (outcome.SizeBeforeBytes is { } before)
        {
            message.SizeBeforeBytes = before;
        }

        if (outcome.SizeAfterBytes is { } after)
        {
            message.SizeAfterBytes = after;
        }

        return message;
    }

    public static AddPhysicalVolumeResponse ToProto(AddPhysicalVolumeOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new AddPhysicalVolumeResponse
        {
            Domain = outcome.DomainId.ToString(),
            VgName = outcome.VgName,
            DevicePath = outcome.Device,
            VgSizeBytes = outcome.VgSizeBytes,
            VgFreeBytes = outcome.VgFreeBytes,
            WaitingRequests = outcome.WaitingRequests,
        };
    }

    public static ProtoPolicy ToProto(CoordinatorPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var message = new ProtoPolicy
        {
            CapFactor = policy.CapFactor,
            HostRequestsPerSecond = policy.HostRequestsPerSecond,
            HostRequestBurst = policy.HostRequestBurst,
            HostGrowthBudgetMib = policy.HostGrowthBudgetMib,
            HostGrowthWindow = Duration.FromTimeSpan(policy.HostGrowthWindow),
            SpacePollInterval = Duration.FromTimeSpan(policy.SpacePollInterval),
            MailboxEventInterval = Duration.FromTimeSpan(policy.MailboxEventInterval),
            MailboxFullScanInterval = Duration.FromTimeSpan(policy.MailboxFullScanInterval),
        };
        if (policy.MaxVolumeSizeMib is { } max)
        {
            message.MaxVolumeSizeMib = max;
        }

        return message;
    }

    public static RequestState ToProto(ExtendRequestState state) =>
        Enum.IsDefined(state) ? (RequestState)(int)state : RequestState.Unspecified;

    public static RequestSource ToProto(ExtendRequestSource source) => source switch
    {
        ExtendRequestSource.Mailbox => RequestSource.Mailbox,
        ExtendRequestSource.Admin => RequestSource.Admin,
        _ => RequestSource.Unspecified,
    };

    private static Phases ToProto(PhaseDurations phases) => new()
    {
        Detect = ToDuration(phases.Detect),
        Wait = ToDuration(phases.Wait),
        Validate = ToDuration(phases.Validate),
        Lvextend = ToDuration(phases.Lvextend),
        Record = ToDuration(phases.Record),
        Reply = ToDuration(phases.Reply),
        Total = ToDuration(phases.Total),
    };

    private static Duration? ToDuration(double? seconds) =>
        seconds is { } s && double.IsFinite(s) ? Duration.FromTimeSpan(TimeSpan.FromSeconds(s)) : null;

    private static Timestamp? ToTimestamp(DateTimeOffset? value) =>
        value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
