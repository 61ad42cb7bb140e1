namespace Shared.Mailbox.Internal;

/// <summary>One wait handed to the <see cref="DoorbellWatch"/> thread: its poll period, its cancellation and its result.</summary>
internal sealed class DoorbellWait(TimeSpan period, CancellationToken token)
{
    public TimeSpan Period { get; } = period;

    public CancellationToken Token { get; } = token;

    public TaskCompletionSource<DoorbellWake> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
