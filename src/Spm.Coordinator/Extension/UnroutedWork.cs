using Shared.Mailbox;

namespace Spm.Coordinator.Extension;

/// <summary>
/// Mailbox events no VG worker handles: unknown opcodes, requests for a domain outside the pool, checksum
/// errors. They are recorded (and the unknown domain answered with size 0) by the term's small side loop.
/// </summary>
internal sealed record UnroutedWork(MailboxRequest? Request, int? ChecksumErrorHostId);
