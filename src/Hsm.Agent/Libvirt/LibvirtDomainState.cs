using Hsm.Agent.Libvirt.Interop;

namespace Hsm.Agent.Libvirt;

/// <summary><c>virDomainGetState</c>: the state and its reason.</summary>
internal readonly record struct LibvirtDomainState(int State, int Reason)
{
    /// <summary>Paused because a disk I/O error stopped it (ENOSPC with error_policy=stop): the only pause the agent resumes.</summary>
    public bool IsPausedOnIoError => State == LibvirtConstants.StatePaused && Reason == LibvirtConstants.PausedReasonIoError;

    /// <summary>The run status as the status API shows it.</summary>
    public string RunStatus => State switch
    {
        LibvirtConstants.StateRunning => "running",
        LibvirtConstants.StatePaused when Reason == LibvirtConstants.PausedReasonIoError => "io-error",
        LibvirtConstants.StatePaused => "paused",
        4 => "shutdown",
        5 => "shutoff",
        6 => "crashed",
        _ => "unknown",
    };
}
