using Google.Protobuf.WellKnownTypes;
using Hsm.Agent.Monitoring;
using LvExtend.Agent.V1;

namespace Hsm.Agent.Grpc;

/// <summary>Maps monitor snapshots to the status API messages.</summary>
internal static class StatusMapper
{
    public static Timestamp ToTimestamp(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Vm ToVm(VmStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var vm = new Vm
        {
            Name = status.Name,
            SocketPath = status.SocketPath,
            Source = status.Source.ToString(),
            Connection = status.Connection.ToString().ToUpperInvariant(),
            RunStatus = status.RunStatus,
            PausedOnNospace = status.PausedOnNoSpace,
            Pauses = status.Pauses,
            Resumes = status.Resumes,
            LastError = status.LastError ?? string.Empty,
        };
        vm.Drives.AddRange(status.Drives.Select(ToDrive));
        return vm;
    }

    public static Drive ToDrive(DriveStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var identity = status.Drive;
        return new Drive
        {
            Name = identity.DriveName,
            Path = identity.Path,
            VolumeGroup = identity.Volume.VolumeGroup,
            LogicalVolume = identity.Volume.LogicalVolume,
            DomainId = identity.Volume.DomainId.ToString(),
            VolumeId = identity.Volume.VolumeId.ToString(),
            FormatNode = identity.FormatNode,
            ProtocolNode = identity.ProtocolNode,
            State = (LvExtend.Agent.V1.DriveState)(int)status.State,
            Watermark = status.Watermark,
            Physical = status.Physical,
            Threshold = status.Threshold,
            Capacity = status.Capacity,
            ImprobableWatermark = status.ImprobableWatermark,
            ConsecutiveFailures = status.ConsecutiveFailures,
            LastError = status.LastError ?? string.Empty,
            WriteRateMibps = status.WriteRateBytesPerSecond / (1 << 20),
            LastChunkBytes = status.LastChunkBytes,
            LastExtension = status.LastExtension is { } phases ? ToPhases(phases) : null,
            Pending = status.Pending is { } pending ? ToPending(identity, pending) : null,
        };
    }

    public static LvExtend.Agent.V1.ExtensionPhases ToPhases(Extension.ExtensionPhases phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        return new LvExtend.Agent.V1.ExtensionPhases
        {
            WaitSeconds = phases.Wait.TotalSeconds,
            MailboxSeconds = phases.Mailbox.TotalSeconds,
            RefreshSeconds = phases.Refresh.TotalSeconds,
            TotalSeconds = phases.Total.TotalSeconds,
            Attempts = phases.Attempts,
            RequestedBytes = phases.RequestedBytes,
            NewSizeBytes = phases.NewSizeBytes,
            Resumed = phases.Resumed,
            CompletedAt = ToTimestamp(phases.CompletedAt),
        };
    }

    public static PendingRequest ToPending(DriveIdentity drive, PendingExtension pending)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(pending);
        return new PendingRequest
        {
            Vm = drive.VmName,
            Drive = drive.DriveName,
            VolumeGroup = drive.Volume.VolumeGroup,
            LogicalVolume = drive.Volume.LogicalVolume,
            RequestedBytes = pending.RequestedBytes,
            Attempt = pending.Attempt,
            SentAt = ToTimestamp(pending.SentAt),
            ExceededAt = ToTimestamp(pending.ExceededAt),
        };
    }
}
