namespace Shared.Mailbox;

/// <summary>
/// Asked by the manager role immediately before every outbox write (replies, CLEAN echoes, the zeroing at start):
/// false means "do not write now", e.g. because the local lease deadline (minus a margin) has passed, so a stale
/// leader writes nothing that could land after the next leader's writes.
/// </summary>
public interface IMailboxWriteGate
{
    /// <summary>True when the outbox may be written at this instant.</summary>
    bool MayWrite();
}

/// <summary>Ready-made gates: <see cref="Always"/> (no fencing) or one built on a delegate.</summary>
public sealed class MailboxWriteGate(Func<bool> mayWrite) : IMailboxWriteGate
{
    /// <summary>A gate that always allows writing (tools, tests, a manager without a lease).</summary>
    public static IMailboxWriteGate Always { get; } = new MailboxWriteGate(static () => true);

    /// <inheritdoc />
    public bool MayWrite() => mayWrite();
}
