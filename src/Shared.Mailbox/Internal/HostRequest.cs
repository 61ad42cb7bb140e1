namespace Shared.Mailbox.Internal;

/// <summary>The life of one distinct request in the host role: queued, in a slot awaiting its reply, then CLEAN.</summary>
internal enum HostRequestState
{
    Queued,
    AwaitingReply,
    Cleaning,
}

/// <summary>
/// One distinct 64-byte request and everyone waiting for its reply (identical requests join). Guarded by the
/// host mailbox's lock.
/// </summary>
internal sealed class HostRequest
{
    public HostRequest(ExtendMessage message)
    {
        Message = message;
        MailboxCodec.EncodeExtend(message, Payload);
    }

    public ExtendMessage Message { get; }

    public byte[] Payload { get; } = new byte[MailboxLayout.MessageSize];

    public HostRequestState State { get; set; } = HostRequestState.Queued;

    public int Slot { get; set; } = -1;

    /// <summary>When the first block write that carried it was done (a <see cref="TimeProvider"/> timestamp); 0 before.</summary>
    public long WrittenAt { get; set; }

    public List<TaskCompletionSource<ExtendReply>> Waiters { get; } = [];
}
