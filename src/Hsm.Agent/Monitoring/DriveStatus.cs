using Hsm.Agent.Extension;

namespace Hsm.Agent.Monitoring;

/// <summary>
/// A point-in-time view of a drive monitor, for the status API. <see cref="WriteRateBytesPerSecond"/> is the
/// measured write rate; <see cref="LastChunkBytes"/> the chunk chosen for the last extension request (0: none yet).
/// </summary>
internal sealed record DriveStatus(
    DriveIdentity Drive,
    DriveState State,
    long Watermark,
    long Physical,
    long Threshold,
    long Capacity,
    bool ImprobableWatermark,
    PendingExtension? Pending,
    int ConsecutiveFailures,
    string? LastError,
    ExtensionPhases? LastExtension,
    double WriteRateBytesPerSecond,
    long LastChunkBytes);
