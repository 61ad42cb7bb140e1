namespace Spm.Coordinator.Admin;

/// <summary>A value or an <see cref="AdminError"/>.</summary>
internal readonly record struct AdminResult<T>
{
    private AdminResult(T? value, AdminError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The error otherwise.</summary>
    public AdminError? Error { get; }

    /// <summary>Whether there is a value.</summary>
    public bool Succeeded => Error is null;

    public static AdminResult<T> Ok(T value) => new(value, null);

    public static AdminResult<T> Fail(AdminErrorCode code, string message) => new(default, new AdminError(code, message));

    public static AdminResult<T> Fail(AdminError error) => new(default, error);
}
