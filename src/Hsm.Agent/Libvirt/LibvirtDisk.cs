namespace Hsm.Agent.Libvirt;

/// <summary>A <c>&lt;disk&gt;</c> of a domain's live XML.</summary>
/// <param name="Type">The disk type: <c>block</c>, <c>file</c>, <c>network</c>...</param>
/// <param name="Device">The device kind: <c>disk</c>, <c>cdrom</c>...</param>
/// <param name="Format">The driver type: <c>qcow2</c>, <c>raw</c>...</param>
/// <param name="SourcePath">The source <c>dev</c> (block) or <c>file</c>; empty when none.</param>
/// <param name="Target">The target <c>dev</c> (<c>vda</c>).</param>
/// <param name="Index">The source's <c>index</c> in the backing chain (libvirt sets it on running domains), if any.</param>
/// <param name="ReadOnly">Whether <c>&lt;readonly/&gt;</c> is present.</param>
internal sealed record LibvirtDisk(string Type, string Device, string Format, string SourcePath, string Target, int? Index, bool ReadOnly)
{
    /// <summary>The threshold target: <c>vda[N]</c> for the active layer when its index is known (as vdsm does), else <c>vda</c>.</summary>
    public string ThresholdTarget => Index is { } index ? $"{Target}[{index}]" : Target;
}
