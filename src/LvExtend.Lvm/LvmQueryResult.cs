using System.Diagnostics.CodeAnalysis;

namespace LvExtend.Lvm;

/// <summary>Records read from an lvm report, or why they could not be read (the command failed or its report did not parse).</summary>
/// <typeparam name="T">The value read.</typeparam>
public readonly record struct LvmQueryResult<T>
{
    private LvmQueryResult(T? value, string? error, CommandResult? command)
    {
        Value = value;
        Error = error;
        Command = command;
    }

    /// <summary>The value, when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>Why it failed (one line, for logs and the audit trail), null on success.</summary>
    public string? Error { get; }

    /// <summary>The lvm command's result (null when none ran).</summary>
    public CommandResult? Command { get; }

    /// <summary>True when <see cref="Value"/> holds the answer.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A success.</summary>
    [SuppressMessage("Design", "CA1000", Justification = "The factory belongs to the result type, as in LvmResult<T>.")]
    public static LvmQueryResult<T> Ok(T value, CommandResult? command = null) => new(value, null, command);

    /// <summary>A failure saying why.</summary>
    [SuppressMessage("Design", "CA1000", Justification = "The factory belongs to the result type, as in LvmResult<T>.")]
    public static LvmQueryResult<T> Fail(string error, CommandResult? command = null) => new(default, error, command);
}
