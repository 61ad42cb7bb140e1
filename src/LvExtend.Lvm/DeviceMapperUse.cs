namespace LvExtend.Lvm;

/// <summary>Whether an lvm command may talk to the kernel's device-mapper.</summary>
public enum DeviceMapperUse
{
    /// <summary>
    /// Metadata only: the command gets <c>--driverloaded n</c> and never activates, refreshes or opens an LV.
    /// What the coordinator and every report use (and all a host without device-mapper can do).
    /// </summary>
    NotUsed = 0,

    /// <summary>The command may use device-mapper (activation, refresh): no <c>--driverloaded</c> option.</summary>
    Used = 1,
}
