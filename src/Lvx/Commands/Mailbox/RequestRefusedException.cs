namespace Lvx.Commands.Mailbox;

/// <summary>A request the protocol cannot carry unambiguously (size 0): refused before anything is written, exit 2.</summary>
internal sealed class RequestRefusedException : Exception
{
    public RequestRefusedException(string message)
        : base(message)
    {
    }

    public RequestRefusedException()
    {
    }

    public RequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
