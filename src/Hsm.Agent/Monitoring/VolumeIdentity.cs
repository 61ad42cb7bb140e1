namespace Hsm.Agent.Monitoring;

/// <summary>A logical volume and the mailbox identity of it.</summary>
/// <param name="VolumeGroup">The VG name.</param>
/// <param name="LogicalVolume">The LV name (the volume UUID).</param>
/// <param name="DomainId">The storage domain UUID (the VG name by default, or from <c>Agent:Domains</c>).</param>
/// <param name="VolumeId">The volume UUID (the LV name).</param>
internal sealed record VolumeIdentity(string VolumeGroup, string LogicalVolume, Guid DomainId, Guid VolumeId);
