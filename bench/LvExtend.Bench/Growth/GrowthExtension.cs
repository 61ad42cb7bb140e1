using LvExtend.Bench.Report;

namespace LvExtend.Bench.Growth;

/// <summary>One extension of the growth phase (warm-up included), for the JSON report's trace.</summary>
/// <param name="Policy">Fixed or adaptive.</param>
/// <param name="RateMibps">The volume's write rate.</param>
/// <param name="Volume">The volume's index within its rate and policy.</param>
/// <param name="AtSeconds">When the threshold was crossed, seconds since the phase started (the warm-up lasts until WarmUpSeconds).</param>
/// <param name="Ms">Threshold crossed to LV refreshed.</param>
/// <param name="FreeMib">Allocated beyond the watermark when the threshold was crossed (the headroom in effect).</param>
/// <param name="ChunkMib">What the LV grew by.</param>
/// <param name="PausedSeconds">How long the guest stood still waiting for this extension (0: no pause).</param>
/// <param name="HostId">The simulated host whose mailbox carried the request.</param>
/// <param name="VolumeId">The LV (joins the coordinator's audit row).</param>
/// <param name="RequestedMib">The size asked for (joins the audit row).</param>
/// <param name="SentAt">Wall clock just before HostMailbox.SendAsync (compared with the audit's detected_at).</param>
/// <param name="WakeLateMs">How late the simulation's timer woke the volume for this crossing (its scheduling lag; not in <paramref name="Ms"/>, which starts when the crossing was seen).</param>
/// <param name="DecideMs">Crossing seen to SendAsync called (the policy's decision).</param>
/// <param name="RoundTripMs">SendAsync to reply seen (request write, coordinator, reply pickup).</param>
/// <param name="RefreshMs">Reply seen to the LV size read back (lvs, a fork each).</param>
/// <param name="RefreshReads">lvs commands of the refresh.</param>
/// <param name="Coordinator">The round trip split with the coordinator's audit row (null: no row matched).</param>
internal sealed record GrowthExtension(
    GrowthPolicyKind Policy,
    double RateMibps,
    int Volume,
    double AtSeconds,
    double Ms,
    double FreeMib,
    double ChunkMib,
    double PausedSeconds,
    int HostId,
    Guid VolumeId,
    long RequestedMib,
    DateTimeOffset SentAt,
    double WakeLateMs,
    double DecideMs,
    double RoundTripMs,
    double RefreshMs,
    int RefreshReads,
    Breakdown? Coordinator = null);
