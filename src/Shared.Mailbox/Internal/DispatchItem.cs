namespace Shared.Mailbox.Internal;

/// <summary>What a manager dispatch worker delivers to the handler.</summary>
internal enum DispatchKind
{
    Request,
    Withdrawn,
    ChecksumError,
}

/// <summary>One handler call, queued to the worker that owns the host (so one host's calls stay in order).</summary>
internal readonly record struct DispatchItem(DispatchKind Kind, int HostId, MailboxRequest? Request);
