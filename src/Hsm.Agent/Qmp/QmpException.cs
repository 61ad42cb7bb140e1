using Hsm.Agent.Monitoring;

namespace Hsm.Agent.Qmp;

/// <summary>A QMP command failed: qemu answered with an <c>error</c>, the command timed out or the connection closed.</summary>
internal class QmpException : VmControlException
{
    public QmpException(string message)
        : base(message)
    {
    }

    public QmpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QmpException()
    {
    }
}
