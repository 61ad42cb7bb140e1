namespace Spm.Coordinator.Leadership;

/// <summary>This instance's current term, if it leads (singleton shared by the services).</summary>
internal sealed class LeadershipState
{
    private volatile LeaderTerm? _current;
    private volatile TermFailure? _lastFailure;
    private volatile bool _serving;

    /// <summary>The current term (it may have just ended: check <see cref="LeaderTerm.IsValid"/>).</summary>
    public LeaderTerm? CurrentTerm => _current;

    /// <summary>Whether this instance leads right now.</summary>
    public bool IsLeader => _current is { IsValid: true };

    /// <summary>Whether this instance leads and its term has fully started (it serves requests).</summary>
    public bool IsServing => _serving && IsLeader;

    /// <summary>The epoch while leading, else 0.</summary>
    public long Epoch => _current is { IsValid: true } term ? term.Epoch : 0;

    /// <summary>Why this instance's last term could not start or failed (null once a term started and ran).</summary>
    public TermFailure? LastFailure => _lastFailure;

    /// <summary>Ends the current term on an operator's request; false when this instance does not lead.</summary>
    public bool TryStepDown(string detail)
    {
        if (_current is not { IsValid: true } term)
        {
            return false;
        }

        term.End(TermEndReason.SteppedDown, detail);
        return true;
    }

    internal void Set(LeaderTerm? term)
    {
        _serving = false;
        _current = term;
    }

    internal void MarkServing()
    {
        _serving = true;
        _lastFailure = null;
    }

    internal void RecordFailure(TermFailure failure) => _lastFailure = failure;
}
