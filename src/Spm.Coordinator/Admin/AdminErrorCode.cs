namespace Spm.Coordinator.Admin;

/// <summary>Why an admin operation failed (mapped to gRPC status codes).</summary>
internal enum AdminErrorCode : byte
{
    /// <summary>This instance is a standby; the message names the leader when known.</summary>
    NotLeader = 1,

    /// <summary>A malformed argument (size 0, unknown state name, ...).</summary>
    InvalidArgument = 2,

    /// <summary>The domain, VG or LV does not exist.</summary>
    NotFound = 3,

    /// <summary>The operation cannot run in the current state (device already a PV, ...).</summary>
    FailedPrecondition = 4,

    /// <summary>The database or LVM did not answer; retry.</summary>
    Unavailable = 5,
}
