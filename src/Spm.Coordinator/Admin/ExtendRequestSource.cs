namespace Spm.Coordinator.Admin;

/// <summary>Where an extend request came from; persisted by name, values frozen by a test.</summary>
internal enum ExtendRequestSource : byte
{
    /// <summary>A host's mailbox slot.</summary>
    Mailbox = 1,

    /// <summary>The admin API (<c>lvx extend</c>).</summary>
    Admin = 2,
}
