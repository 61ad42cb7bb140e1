namespace LvExtend.TestSupport;

/// <summary>qemu answered a QMP command with an error object.</summary>
public sealed class QmpErrorException : Exception
{
    public QmpErrorException()
    {
    }

    public QmpErrorException(string message)
        : base(message)
    {
    }

    public QmpErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
