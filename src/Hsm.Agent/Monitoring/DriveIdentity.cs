namespace Hsm.Agent.Monitoring;

/// <summary>A monitored drive: where qemu has it, and which volume it is.</summary>
/// <param name="VmName">The VM (the QMP socket's name without <c>.qmp</c>).</param>
/// <param name="DriveName">The drive id or qdev, for display.</param>
/// <param name="FormatNode">The qcow2 node name (BLOCK_IO_ERROR names it).</param>
/// <param name="ProtocolNode">The protocol (file) node name: the threshold and watermark live here.</param>
/// <param name="Path">The device path qemu opened, <c>&lt;root&gt;/&lt;vg&gt;/&lt;lv&gt;</c>.</param>
/// <param name="Volume">The (VG, LV, domain, volume) it maps to.</param>
internal sealed record DriveIdentity(string VmName, string DriveName, string FormatNode, string ProtocolNode, string Path, VolumeIdentity Volume);
