namespace Spm.Coordinator.Admin;

/// <summary>One host as the leaders saw it through the mailbox.</summary>
/// <param name="HostId">The host id (mailbox block).</param>
/// <param name="FirstSeen">Its first request.</param>
/// <param name="LastSeen">Its latest request or checksum error.</param>
/// <param name="Requests">Requests received from it.</param>
/// <param name="Rejections">Requests rejected (validation, cap, limits).</param>
/// <param name="ChecksumErrors">Host blocks that failed their checksum.</param>
internal sealed record HostSummary(
    int HostId,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long Requests,
    long Rejections,
    long ChecksumErrors);
