using System.Globalization;

namespace Shared.Mailbox;

/// <summary>Mailbox bytes that do not follow the format: names the byte offset and the reason.</summary>
public sealed class MailboxFormatException : Exception
{
    /// <summary>Creates the exception for malformed data at <paramref name="offset"/>.</summary>
    public MailboxFormatException(long offset, string reason)
        : base(string.Create(CultureInfo.InvariantCulture, $"Malformed mailbox data at byte offset {offset}: {reason}"))
    {
        Offset = offset;
        Reason = reason;
    }

    /// <summary>Creates the exception with a message only (offset unknown: -1).</summary>
    public MailboxFormatException()
        : this(-1, "malformed mailbox data")
    {
    }

    /// <summary>Creates the exception with a message only (offset unknown: -1).</summary>
    public MailboxFormatException(string message)
        : base(message)
    {
        Offset = -1;
        Reason = message;
    }

    /// <summary>Creates the exception with a message and an inner exception (offset unknown: -1).</summary>
    public MailboxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Offset = -1;
        Reason = message;
    }

    /// <summary>Byte offset of the problem, relative to the span that was decoded (or the file, once rebased).</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the offset.</summary>
    public string Reason { get; }

    /// <summary>The same error with <paramref name="baseOffset"/> added to the offset (a slot's offset in a file).</summary>
    public MailboxFormatException Rebase(long baseOffset) => new(Offset + baseOffset, Reason);
}
