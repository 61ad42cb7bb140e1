namespace Spm.Coordinator.Admin;

/// <summary>Whether this instance holds the pool's lease.</summary>
internal enum CoordinatorRole : byte
{
    /// <summary>Waiting for the lease; makes no change.</summary>
    Standby = 0,

    /// <summary>Holds the lease: serves the mailbox and the mutating admin calls.</summary>
    Leader = 1,
}
