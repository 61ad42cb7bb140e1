namespace Shared.Mailbox;

/// <summary>
/// A request the manager found in a host's slot. <paramref name="Extend"/> is set for
/// <see cref="MailboxMessageKind.Extend"/>; <paramref name="Payload"/> is the exact 64 bytes (a copy);
/// <paramref name="DetectedAt"/> is when the scan saw it.
/// </summary>
public sealed record MailboxRequest(
    MessageId Id,
    MailboxMessageKind Kind,
    ExtendMessage? Extend,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset DetectedAt);
