namespace Spm.Coordinator.Leadership;

/// <summary>What a leader runs during its term: started on acquisition, stopped on loss.</summary>
internal interface ITermRunner
{
    /// <summary>Starts serving (registry, VG workers, the manager mailbox). Throws when it cannot.</summary>
    Task StartAsync(LeaderTerm term, CancellationToken cancellationToken);

    /// <summary>Stops everything the term started; returns when nothing of it runs any more.</summary>
    Task StopAsync(LeaderTerm term, CancellationToken cancellationToken);
}
