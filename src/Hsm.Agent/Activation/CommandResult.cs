namespace Hsm.Agent.Activation;

/// <summary>The outcome of an external command.</summary>
/// <param name="ExitCode">The exit status.</param>
/// <param name="StandardOutput">Everything it printed on stdout.</param>
/// <param name="StandardError">Everything it printed on stderr.</param>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True for exit status 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
