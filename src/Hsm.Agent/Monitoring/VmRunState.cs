namespace Hsm.Agent.Monitoring;

/// <summary>
/// A VM's run state as QMP reports it, and its ENOSPC pauses: a pause counts once per stop, a resume only
/// when it ends such a pause. Thread-safe.
/// </summary>
internal sealed class VmRunState
{
    private readonly Lock _lock = new();
    private string _runStatus = "unknown";
    private bool _pausedOnNoSpace;
    private long _pauses;
    private long _resumes;

    /// <summary>The state found on connecting (query-status); an ENOSPC stop found there is not counted as a pause.</summary>
    public void Connected(string runStatus, bool pausedOnNoSpace)
    {
        lock (_lock)
        {
            _runStatus = runStatus;
            _pausedOnNoSpace = pausedOnNoSpace;
        }
    }

    /// <summary>
    /// A run-state event (STOP, RESUME, SHUTDOWN); <paramref name="resumed"/> ends an ENOSPC pause, counting
    /// a resume if there was one.
    /// </summary>
    public void SetRunStatus(string runStatus, bool resumed)
    {
        lock (_lock)
        {
            _runStatus = runStatus;
            if (resumed)
            {
                if (_pausedOnNoSpace)
                {
                    _resumes++;
                }

                _pausedOnNoSpace = false;
            }
        }
    }

    /// <summary>The VM stopped on ENOSPC; true when this starts a new pause (counted), false while one lasts.</summary>
    public bool PausedOnNoSpace()
    {
        lock (_lock)
        {
            if (_pausedOnNoSpace)
            {
                return false;
            }

            _pausedOnNoSpace = true;
            _pauses++;
            return true;
        }
    }

    public VmRunSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new VmRunSnapshot(_runStatus, _pausedOnNoSpace, _pauses, _resumes);
        }
    }
}
