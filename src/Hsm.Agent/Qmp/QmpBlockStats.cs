namespace Hsm.Agent.Qmp;

/// <summary>One device entry of <c>query-blockstats</c>: the format node and its protocol (file) child.</summary>
/// <param name="Device">The drive id, empty with <c>-blockdev</c>.</param>
/// <param name="Qdev">The qdev path, if any.</param>
/// <param name="FormatNode">The node name of the entry (the format node).</param>
/// <param name="ProtocolNode">The node name of its <c>parent</c> entry (the protocol node: qemu calls the file child "parent").</param>
/// <param name="ProtocolHighestOffset">The protocol node's <c>wr_highest_offset</c>: the watermark in bytes of the LV.</param>
internal sealed record QmpBlockStats(string Device, string? Qdev, string? FormatNode, string? ProtocolNode, long ProtocolHighestOffset);
