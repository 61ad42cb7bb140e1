namespace Shared.Mailbox.Internal;

/// <summary>One wait handed to the <see cref="DoorbellWatch"/> thread: its cancellation and its result.</summary>
internal sealed class DoorbellWait(CancellationToken token)
{
    public CancellationToken Token { get; } = token;

    public TaskCompletionSource<DoorbellWake> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
