namespace Hsm.Agent.Qmp;

/// <summary>A QMP command got no reply within the per-command timeout.</summary>
internal sealed class QmpTimeoutException : QmpException
{
    public QmpTimeoutException(string command, TimeSpan timeout)
        : base($"QMP command {command} got no reply within {timeout.TotalSeconds:0.###} s")
    {
        Command = command;
        Timeout = timeout;
    }

    /// <summary>The command that timed out.</summary>
    public string Command { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
