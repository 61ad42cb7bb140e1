namespace LvExtend.Bench.Coordinator;

/// <summary>One row of the coordinator's audit trail (table extend_requests), the phase durations in seconds.</summary>
internal sealed record AuditRow(
    long RequestId,
    int HostId,
    Guid VolumeId,
    long RequestedMib,
    string State,
    string? Reason,
    DateTimeOffset DetectedAt,
    double? DetectSeconds,
    double? WaitSeconds,
    double? ValidateSeconds,
    double? LvextendSeconds,
    double? RecordSeconds,
    double? ReplySeconds,
    double? TotalSeconds);
