namespace LvExtend.TestSupport;

/// <summary>The outcome of one finished command run by <see cref="ProcessRunner"/>.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>True when the command exited with status 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws <see cref="ProcessFailedException"/> when the exit code is not 0.</summary>
    public ProcessResult EnsureSuccess() => Succeeded ? this : throw new ProcessFailedException(this);
}
