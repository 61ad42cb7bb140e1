namespace Spm.Coordinator.Lvm;

/// <summary>A value read from LVM, or why it could not be read.</summary>
internal readonly record struct LvmResult<T>
{
    private LvmResult(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public string? Error { get; }

    public bool Succeeded => Error is null;

    public static LvmResult<T> Ok(T value) => new(value, null);

    public static LvmResult<T> Fail(string error) => new(default, error);
}
