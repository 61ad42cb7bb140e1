using Microsoft.Extensions.Options;

namespace Hsm.Agent.IntegrationTests.Support;

/// <summary>An <see cref="IOptionsMonitor{T}"/> with a fixed value.</summary>
internal sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
