namespace LvExtend.Lvm;

/// <summary>
/// One command for <see cref="CommandRunner"/>: the binary, its arguments (no shell) and its deadline, plus what
/// callers other than lvm need (tests, tools): extra environment, a working directory and standard input.
/// </summary>
/// <param name="FileName">The binary (a path, or a name looked up on PATH).</param>
/// <param name="Arguments">Its arguments, passed as they are.</param>
/// <param name="Timeout">After this the whole process tree is killed and the result says so.</param>
public sealed record CommandInvocation(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>
    /// Environment set on top of <see cref="LvmDefaults.Environment"/> and the parent's (a null value removes the
    /// variable); null: nothing more.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The child's working directory; null: the parent's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Written to the child's standard input, which is then closed; null: closed at once.</summary>
    public string? StandardInput { get; init; }
}
