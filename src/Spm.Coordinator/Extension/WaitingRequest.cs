using Shared.Mailbox;

namespace Spm.Coordinator.Extension;

/// <summary>A mailbox request recorded as waiting for space, kept (oldest first) until space allows.</summary>
internal sealed record WaitingRequest(
    MailboxRequest Request,
    long RequestId,
    string LvName,
    Guid VolumeId,
    long SizeBeforeBytes,
    long TargetBytes,
    RequestClock Clock,
    long WaitingSince);
