namespace Hsm.Agent.Activation;

/// <summary>Runs external commands (lvm, losetup); a seam for tests that record the exact command line.</summary>
internal interface ICommandRunner
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits for it (killed on timeout or cancellation).</summary>
    Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);
}
