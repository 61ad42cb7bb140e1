namespace LvExtend.Bench.Simulation;

/// <summary>What one simulated host saw of one extension.</summary>
/// <param name="Phase">Steady or burst.</param>
/// <param name="HostId">The simulated host.</param>
/// <param name="VolumeId">The simulated volume (its LV is named after it).</param>
/// <param name="RequestedMib">The size asked for.</param>
/// <param name="SentAt">Wall clock just before HostMailbox.SendAsync (compared with the audit's detected_at).</param>
/// <param name="SentOffset">Since the run's start (monotonic).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="RoundTrip">SendAsync to reply seen (mailbox round trip).</param>
/// <param name="Refresh">Reply seen to the LV size read back from the LVM metadata and verified.</param>
/// <param name="RefreshReads">lvs commands the refresh took (more than one: the metadata read showed the old size).</param>
/// <param name="Pause">How long the volume's watermark sat at its LV size before this extension landed (zero: no pause).</param>
internal sealed record ExtensionSample(
    LoadPhase Phase,
    int HostId,
    Guid VolumeId,
    long RequestedMib,
    DateTimeOffset SentAt,
    TimeSpan SentOffset,
    ExtensionOutcome Outcome,
    TimeSpan RoundTrip,
    TimeSpan Refresh,
    int RefreshReads,
    TimeSpan Pause)
{
    /// <summary>Request written to LV refreshed.</summary>
    public TimeSpan EndToEnd => RoundTrip + Refresh;

    /// <summary>When the reply was seen, since the run's start.</summary>
    public TimeSpan ReplyOffset => SentOffset + RoundTrip;
}
