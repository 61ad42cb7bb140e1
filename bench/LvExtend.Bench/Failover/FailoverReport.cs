using LvExtend.Bench.Measurement;
using LvExtend.Bench.Report;

namespace LvExtend.Bench.Failover;

/// <summary>The failover phase: the leader SIGKILLed under the steady load, a standby of the same pool takes over; then two graceful hand-overs.</summary>
/// <param name="LoadSeconds">Steady load in all.</param>
/// <param name="KillAfterSeconds">When the leader was killed, from the load's start.</param>
/// <param name="TakeoverSeconds">Kill to the standby's "serving the mailbox" line (NaN: not seen).</param>
/// <param name="FirstAnswerSeconds">Kill to the first reply seen by any host afterwards (NaN: none).</param>
/// <param name="PendingAtKill">Requests sent before the kill and not answered yet.</param>
/// <param name="SentDuringOutage">Requests sent between the kill and the first answer.</param>
/// <param name="AnsweredAfterKillMs">For those two groups: kill (or the request, if later) to the reply, ms.</param>
/// <param name="LateThresholdMs">A request is late when its round trip exceeds this.</param>
/// <param name="AnsweredLate">Requests of the whole load answered late.</param>
/// <param name="TimedOut">Requests without a reply within the reply timeout.</param>
/// <param name="Pauses">Volumes that paused (the headroom of the steady load).</param>
/// <param name="HeadroomSeconds">That headroom.</param>
/// <param name="RoundTripBeforeMs">Round trips answered before the kill (by the leader).</param>
/// <param name="RoundTripAfterMs">Round trips sent after the first answer (the standby in steady state).</param>
/// <param name="Extended">Extensions verified in all.</param>
/// <param name="Graceful">After the load: a SIGTERM of the new leader, then a step-down of the next one, each with a standby waiting.</param>
/// <param name="Targets">Standby answers within 3 s (first and p50 of the pending); each graceful hand-over within 1 s.</param>
internal sealed record FailoverReport(
    double LoadSeconds,
    double KillAfterSeconds,
    double TakeoverSeconds,
    double FirstAnswerSeconds,
    int PendingAtKill,
    int SentDuringOutage,
    Distribution AnsweredAfterKillMs,
    double LateThresholdMs,
    int AnsweredLate,
    int TimedOut,
    int Pauses,
    double HeadroomSeconds,
    Distribution RoundTripBeforeMs,
    Distribution RoundTripAfterMs,
    int Extended,
    IReadOnlyList<GracefulHandover> Graceful,
    IReadOnlyList<TargetResult> Targets);
