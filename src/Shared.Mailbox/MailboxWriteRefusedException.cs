namespace Shared.Mailbox;

/// <summary>
/// The manager role's <see cref="IMailboxWriteGate"/> refused a write that cannot be skipped: the zeroing of the
/// outbox at start. The mailbox did not start and wrote nothing.
/// </summary>
public sealed class MailboxWriteRefusedException : IOException
{
    /// <summary>Creates the exception with its message.</summary>
    public MailboxWriteRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MailboxWriteRefusedException()
        : this("The mailbox write gate refused the write.")
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public MailboxWriteRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
