namespace Hsm.Agent.Libvirt;

/// <summary>The block statistics of one running domain.</summary>
internal sealed record LibvirtDomainStats(string Uuid, string Name, IReadOnlyList<LibvirtBlockStats> Blocks);
