namespace Lvx.Commands.Coordinator;

/// <summary>A command line the commands cannot use (exit code 2); the message is shown as is.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
