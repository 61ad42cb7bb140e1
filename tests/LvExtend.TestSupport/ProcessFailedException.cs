namespace LvExtend.TestSupport;

/// <summary>A command exited with a non-zero status; the message names the command line and its stderr.</summary>
public sealed class ProcessFailedException : Exception
{
    public ProcessFailedException(ProcessResult result)
        : base($"Command failed with exit code {result.ExitCode}: {result.CommandLine}{Environment.NewLine}stderr: {result.StandardError.Trim()}{Environment.NewLine}stdout: {Tail(result.StandardOutput)}")
    {
        Result = result;
    }

    public ProcessFailedException()
        : this("A command failed.")
    {
    }

    public ProcessFailedException(string message)
        : base(message)
    {
    }

    public ProcessFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failed command's result (null only for the message-only constructors).</summary>
    public ProcessResult? Result { get; }

    private static string Tail(string text)
    {
        text = text.Trim();
        return text.Length <= 2000 ? text : "..." + text[^2000..];
    }
}
