using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Extension;

/// <summary>
/// Every way the extend path ends a term, in one place: each maps to one end reason of
/// <see cref="TermEndReason"/> with an operator-facing detail; the election decides on the reason only.
/// </summary>
internal static class TermEnding
{
    /// <summary>The fence refused a write or the check before an LVM mutation: another epoch holds the lease.</summary>
    public static void Fenced(LeaderTerm term, string what) =>
        term.End(TermEndReason.LeaseLost, $"the fence refused {what}: epoch {term.Epoch} no longer holds the lease");

    /// <summary>Too little lease left to start an LVM mutation.</summary>
    public static void NoLeaseLeft(LeaderTerm term) => term.End(TermEndReason.DeadlinePassed, "too little lease left for an LVM mutation");

    /// <summary>The database did not answer a write after the retries.</summary>
    public static void DatabaseUnavailable(LeaderTerm term, string what, Exception exception) =>
        term.End(TermEndReason.DatabaseUnavailable, $"the database did not answer ({what}): {exception.Message}");

    /// <summary>A VG worker or the side loop failed with a bug.</summary>
    public static void LoopFailed(LeaderTerm term, string loop, Exception exception) =>
        term.End(TermEndReason.Faulted, $"the {loop} failed: {exception.Message}");

    /// <summary>The manager mailbox could not restart, or its loop failed.</summary>
    public static void MailboxFailed(LeaderTerm term, Exception exception) =>
        term.End(TermEndReason.Faulted, "the manager mailbox failed: " + exception.Message);

    /// <summary>The term runtime could not start.</summary>
    public static void StartFailed(LeaderTerm term, string what) => term.End(TermEndReason.StartFailed, what);
}
