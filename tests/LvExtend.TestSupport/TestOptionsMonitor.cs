using Microsoft.Extensions.Options;

namespace LvExtend.TestSupport;

/// <summary>An <see cref="IOptionsMonitor{T}"/> whose value the test sets; <see cref="Set"/> notifies listeners.</summary>
/// <typeparam name="T">The options type.</typeparam>
/// <param name="value">The first value.</param>
public sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    private readonly List<Action<T, string?>> _listeners = [];

    /// <inheritdoc />
    public T CurrentValue { get; private set; } = value;

    /// <inheritdoc />
    public T Get(string? name) => CurrentValue;

    /// <inheritdoc />
    public IDisposable? OnChange(Action<T, string?> listener)
    {
        _listeners.Add(listener);
        return null;
    }

    /// <summary>Changes the value and notifies every listener.</summary>
    public void Set(T value)
    {
        CurrentValue = value;
        foreach (var listener in _listeners)
        {
            listener(value, null);
        }
    }
}
