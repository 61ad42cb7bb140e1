namespace Hsm.Agent.Qmp;

/// <summary>qemu answered a command with <c>{"error": {"class": ..., "desc": ...}}</c>.</summary>
internal sealed class QmpCommandException : QmpException
{
    public QmpCommandException(string command, string errorClass, string description)
        : base($"QMP command {command} failed: {errorClass}: {description}")
    {
        Command = command;
        ErrorClass = errorClass;
        Description = description;
    }

    /// <summary>The command that failed.</summary>
    public string Command { get; }

    /// <summary>qemu's error class, e.g. <c>GenericError</c>, <c>CommandNotFound</c>.</summary>
    public string ErrorClass { get; }

    /// <summary>qemu's human-readable description.</summary>
    public string Description { get; }
}
