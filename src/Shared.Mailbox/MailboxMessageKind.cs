namespace Shared.Mailbox;

/// <summary>What a 64-byte slot holds. Persisted in logs and tests: the values are frozen.</summary>
public enum MailboxMessageKind : byte
{
    /// <summary>First byte 0x00.</summary>
    Empty = 0,

    /// <summary>Starts with ASCII <c>1xtnd</c>.</summary>
    Extend = 1,

    /// <summary>64 x 0x01: the CLEAN marker of the handshake.</summary>
    Clean = 2,

    /// <summary>Anything else that is not empty: an opcode (or version) this implementation does not know.</summary>
    Unknown = 3,
}
