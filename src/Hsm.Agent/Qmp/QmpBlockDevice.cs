namespace Hsm.Agent.Qmp;

/// <summary>One inserted block device from <c>query-block</c>.</summary>
/// <param name="Device">The drive id (<c>-drive id=</c>); empty with <c>-blockdev</c>.</param>
/// <param name="Qdev">The guest device's qdev path or id, if any.</param>
/// <param name="FormatNode">The top (format) node name, e.g. <c>fmt0</c>.</param>
/// <param name="Driver">The format driver, e.g. <c>qcow2</c>.</param>
/// <param name="FileName">The image file name as qemu reports it.</param>
/// <param name="VirtualSize">The guest-visible size (capacity) in bytes.</param>
/// <param name="ReadOnly">True for a read-only drive.</param>
internal sealed record QmpBlockDevice(string Device, string? Qdev, string FormatNode, string Driver, string FileName, long VirtualSize, bool ReadOnly);
