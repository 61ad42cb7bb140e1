using Microsoft.Extensions.Options;

namespace Hsm.Agent.Tests.Fakes;

/// <summary>An <see cref="IOptionsMonitor{T}"/> whose value the test sets; <see cref="Set"/> notifies listeners.</summary>
internal sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    private readonly List<Action<T, string?>> _listeners = [];

    public T CurrentValue { get; private set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener)
    {
        _listeners.Add(listener);
        return null;
    }

    public void Set(T value)
    {
        CurrentValue = value;
        foreach (var listener in _listeners)
        {
            listener(value, null);
        }
    }
}
