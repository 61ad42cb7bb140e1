namespace Hsm.Agent.Libvirt;

/// <summary>One <c>block.N.*</c> group of <c>virConnectGetAllDomainStats(VIR_DOMAIN_STATS_BLOCK)</c>.</summary>
/// <param name="Target">block.N.name, the target (<c>vda</c>).</param>
/// <param name="Path">block.N.path, the source.</param>
/// <param name="Allocation">block.N.allocation: the highest written offset (the watermark).</param>
/// <param name="Capacity">block.N.capacity: the guest-visible size.</param>
/// <param name="Physical">block.N.physical: the device size.</param>
/// <param name="Threshold">block.N.threshold: the armed threshold (0 when none).</param>
/// <param name="BackingIndex">block.N.backingIndex, when reported.</param>
internal sealed record LibvirtBlockStats(string Target, string? Path, long Allocation, long Capacity, long Physical, long Threshold, int? BackingIndex);
