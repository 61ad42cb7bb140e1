namespace Spm.Coordinator.Leadership;

/// <summary>
/// Why a term ended. The election decides on this value (release the lease, back off before competing
/// again), never on the detail text that comes with it.
/// </summary>
internal enum TermEndReason : byte
{
    /// <summary>The coordinator is stopping (SIGTERM); the lease is released after everything stopped.</summary>
    Shutdown = 1,

    /// <summary>A renewal or a fenced write found the lease held by another epoch.</summary>
    LeaseLost = 2,

    /// <summary>The local deadline passed without a successful renewal (database slow or unreachable).</summary>
    DeadlinePassed = 3,

    /// <summary>The term could not start (mailbox, LVM, domains, database): released, then a back-off.</summary>
    StartFailed = 4,

    /// <summary>An operator asked this coordinator to step down (admin call): released, then a back-off.</summary>
    SteppedDown = 5,

    /// <summary>Something of the running term failed (a worker, the mailbox): released, then a back-off.</summary>
    Faulted = 6,

    /// <summary>The database did not answer a write of the term.</summary>
    DatabaseUnavailable = 7,
}
