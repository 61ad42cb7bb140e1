namespace Hsm.Agent.Extension;

/// <summary>The measured phases of one completed extension (the vdsm Clock: total, wait, extend-volume, refresh-volume).</summary>
/// <param name="Wait">From the event (threshold, ENOSPC, check) to the successful request being sent.</param>
/// <param name="Mailbox">The mailbox round trip of the successful request (sent to reply).</param>
/// <param name="Refresh">Refreshing the LV on this host after the reply.</param>
/// <param name="Total">From the event to the threshold re-armed and the VM resumed.</param>
/// <param name="Attempts">Requests sent, the failed ones included.</param>
/// <param name="RequestedBytes">The size asked for.</param>
/// <param name="NewSizeBytes">The LV size after the refresh.</param>
/// <param name="Resumed">True when the VM was paused on ENOSPC and this extension resumed it.</param>
/// <param name="CompletedAt">When it completed.</param>
internal sealed record ExtensionPhases(
    TimeSpan Wait,
    TimeSpan Mailbox,
    TimeSpan Refresh,
    TimeSpan Total,
    int Attempts,
    long RequestedBytes,
    long NewSizeBytes,
    bool Resumed,
    DateTimeOffset CompletedAt);
