namespace Hsm.Agent.Qmp;

/// <summary>The QMP connection closed (VM stopped, socket gone, client disposed) before the reply arrived.</summary>
internal sealed class QmpConnectionClosedException : QmpException
{
    public QmpConnectionClosedException(string message)
        : base(message)
    {
    }

    public QmpConnectionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
