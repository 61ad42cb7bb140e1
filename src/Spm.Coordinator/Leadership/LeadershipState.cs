namespace Spm.Coordinator.Leadership;

/// <summary>This instance's current term, if it leads (singleton shared by the services).</summary>
internal sealed class LeadershipState
{
    private volatile LeaderTerm? _current;

    /// <summary>The current term (it may have just ended: check <see cref="LeaderTerm.IsValid"/>).</summary>
    public LeaderTerm? CurrentTerm => _current;

    /// <summary>Whether this instance leads right now.</summary>
    public bool IsLeader => _current is { IsValid: true };

    /// <summary>The epoch while leading, else 0.</summary>
    public long Epoch => _current is { IsValid: true } term ? term.Epoch : 0;

    internal void Set(LeaderTerm? term) => _current = term;
}
