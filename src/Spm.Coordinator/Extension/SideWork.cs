using Shared.Mailbox;

namespace Spm.Coordinator.Extension;

/// <summary>Mailbox events no VG worker runs, handled by <see cref="TermSideLoop"/>.</summary>
internal abstract record SideWork;

/// <summary>A request refused at admission (unknown domain or volume, size 0, rate, outstanding count).</summary>
internal sealed record RefusalWork(MailboxRequest Request, Rejection Rejection) : SideWork;

/// <summary>A message with an unknown opcode: recorded (its 64 bytes), never answered, as the reference does.</summary>
internal sealed record UnknownOpcodeWork(MailboxRequest Request) : SideWork;

/// <summary>Checksum errors of a host's block, counted since the last flush.</summary>
internal sealed record ChecksumErrorWork(int HostId) : SideWork;
