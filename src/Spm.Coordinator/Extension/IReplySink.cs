using Shared.Mailbox;

namespace Spm.Coordinator.Extension;

/// <summary>Writes replies to the outbox (the term's <see cref="ManagerMailbox"/>).</summary>
internal interface IReplySink
{
    /// <summary>False when nothing was written (the slot changed, the mailbox stopped, or the write failed).</summary>
    /// <exception cref="OperationCanceledException">
    /// The write gate refused (too little lease left): the term has ended; the request stays in the inbox and its
    /// row open, for the next term.
    /// </exception>
    ValueTask<bool> ReplyAsync(MailboxRequest request, bool success, CancellationToken cancellationToken);
}
