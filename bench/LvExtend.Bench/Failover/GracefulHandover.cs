namespace LvExtend.Bench.Failover;

/// <summary>One graceful hand-over of the failover phase: the leader asked to go, a standby of the pool takes the lease.</summary>
/// <param name="How">"SIGTERM" or "step-down" (the admin StepDown call, what <c>lvx step-down</c> sends).</param>
/// <param name="LeaseSeconds">From the signal or call to the standby's "Leading with epoch" line: the lease handed over (NaN: not seen).</param>
/// <param name="ServingSeconds">From the signal or call to the new leader's "serving the mailbox" line (NaN: not seen).</param>
/// <param name="OldLeaderReleased">The old leader logged that it released the lease (rather than letting it expire).</param>
internal sealed record GracefulHandover(string How, double LeaseSeconds, double ServingSeconds, bool OldLeaderReleased);
