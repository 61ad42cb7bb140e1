namespace Lvx.Commands.Mailbox;

/// <summary>Exit codes of the mailbox commands (documented in docs/mailbox-format.md).</summary>
internal static class MailboxExitCodes
{
    /// <summary>Done; for send-extend: a success reply.</summary>
    public const int Success = 0;

    /// <summary>Bad input or an I/O error (a message on stderr, no stack trace). Parse errors exit 1 too.</summary>
    public const int Error = 1;

    /// <summary>send-extend: the request was refused before anything was written (size 0: its reply would be
    /// byte-identical to a failure reply).</summary>
    public const int Refused = 2;

    /// <summary>send-extend: the manager answered with a failure reply (size 0).</summary>
    public const int FailureReply = 3;

    /// <summary>send-extend: no reply within --timeout.</summary>
    public const int Timeout = 4;
}
