namespace Hsm.Agent.Monitoring;

/// <summary>
/// A VM source refused or failed an operation on a VM (arm a threshold, query or resume): QMP answered
/// with an error or closed, libvirt returned an error or is not connected. The drive monitor treats it as
/// an expected outcome (the drive goes back to UNSET, the resume is retried by the next completion).
/// </summary>
internal class VmControlException : Exception
{
    public VmControlException(string message)
        : base(message)
    {
    }

    public VmControlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VmControlException()
    {
    }
}
