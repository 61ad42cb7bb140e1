namespace Lvx.Commands.Mailbox;

/// <summary>Bad command input: the message is printed as is, without a stack trace.</summary>
internal sealed class CommandInputException : Exception
{
    public CommandInputException(string message)
        : base(message)
    {
    }

    public CommandInputException()
    {
    }

    public CommandInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
