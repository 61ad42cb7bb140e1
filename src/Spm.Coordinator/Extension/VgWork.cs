using Shared.Mailbox;
using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Extension;

/// <summary>Work for one VG's single consumer (<see cref="VolumeGroupWorker"/>).</summary>
internal abstract record VgWork;

/// <summary>An admitted extend request from a host's mailbox slot.</summary>
internal sealed record MailboxExtendWork(MailboxRequest Request) : VgWork;

/// <summary>A waiting request left its slot unanswered: stop waiting for it.</summary>
internal sealed record WithdrawWork(MailboxRequest Request) : VgWork;

/// <summary>An admin extension (<c>lvx extend</c>).</summary>
internal sealed record AdminExtendWork(
    Guid VolumeId, ulong SizeMib, DateTimeOffset ReceivedAt, TaskCompletionSource<AdminResult<ExtendVolumeOutcome>> Completion) : VgWork;

/// <summary>An admin AddPhysicalVolume (<c>lvx add-pv</c>).</summary>
internal sealed record AddPvWork(string Device, bool Force, TaskCompletionSource<AdminResult<AddPhysicalVolumeOutcome>> Completion) : VgWork;
