namespace Shared.Mailbox;

/// <summary>
/// What the outbox slot of a request holds, relative to that request. Persisted (the dump JSON carries the
/// lower-case names): the values are frozen.
/// </summary>
public enum MailboxReplyState : byte
{
    /// <summary>The reply slot is empty (first byte 0x00).</summary>
    None = 0,

    /// <summary>The reply is byte-identical to the request.</summary>
    Success = 1,

    /// <summary>The reply matches the request's bytes 0..36 and carries size 0 (all ASCII '0' from byte 37).</summary>
    Failure = 2,

    /// <summary>The manager echoed CLEAN (64 x 0x01).</summary>
    Clean = 3,

    /// <summary>Something else: a stale reply to an earlier request of that slot.</summary>
    Unrelated = 4,
}
