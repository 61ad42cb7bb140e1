namespace Hsm.Agent.Monitoring;

/// <summary>The threshold state of a monitored drive (vdsm <c>BLOCK_THRESHOLD</c>).</summary>
internal enum DriveState
{
    /// <summary>No threshold armed: the next check arms one, or extends at once if the drive is already past it.</summary>
    Unset = 0,

    /// <summary>A one-shot write threshold is armed on the protocol node.</summary>
    Set = 1,

    /// <summary>The threshold fired (or the VM hit ENOSPC, or a check found the watermark past it): an extension runs.</summary>
    Exceeded = 2,

    /// <summary>The volume has reached its maximum size: no more extensions.</summary>
    Disabled = 3,
}
