namespace LvExtend.Lvm;

/// <summary>
/// Runs an external command (lvm, losetup) and captures its output; the seam tests use to record or fake
/// command lines. Expected failures (non-zero exit, timeout, cancellation, a binary that cannot start) come
/// back as a <see cref="CommandResult"/>, never as an exception.
/// </summary>
public interface ICommandRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (no shell) and waits for it. After
    /// <paramref name="timeout"/>, or when <paramref name="cancellationToken"/> is cancelled, the whole process
    /// tree is killed and the result says so; the call never waits much past the timeout.
    /// </summary>
    Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);
}
