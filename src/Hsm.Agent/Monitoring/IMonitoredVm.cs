namespace Hsm.Agent.Monitoring;

/// <summary>A VM some source watches (a QMP socket or a libvirt domain), as the status API sees it.</summary>
internal interface IMonitoredVm
{
    /// <summary>The VM name, unique on this host.</summary>
    string Name { get; }

    /// <summary>A point-in-time view of the VM and its drives.</summary>
    VmStatus Snapshot();
}
