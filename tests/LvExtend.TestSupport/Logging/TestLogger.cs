using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LvExtend.TestSupport.Logging;

/// <summary>
/// An <see cref="ILogger{T}"/> for code under test that takes one directly: writes through a
/// <see cref="TestLoggerProvider"/> (its own unless given one) and exposes what it recorded.
/// </summary>
public sealed class TestLogger<T> : ILogger<T>
{
    private readonly ILogger _logger;

    /// <summary>A logger with its own provider, echoing to <paramref name="output"/> if given.</summary>
    public TestLogger(ITestOutputHelper? output = null)
        : this(new TestLoggerProvider(output))
    {
    }

    /// <summary>A logger that writes through <paramref name="provider"/>.</summary>
    public TestLogger(TestLoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
        _logger = provider.CreateLogger(typeof(T).FullName ?? typeof(T).Name);
    }

    /// <summary>The provider it writes through (with every entry of every logger it made).</summary>
    public TestLoggerProvider Provider { get; }

    /// <summary>See <see cref="TestLoggerProvider.Entries"/>.</summary>
    public IReadOnlyList<TestLogEntry> Entries => Provider.Entries;

    /// <summary>See <see cref="TestLoggerProvider.Errors"/>.</summary>
    public IReadOnlyList<string> Errors => Provider.Errors;

    /// <summary>See <see cref="TestLoggerProvider.Has"/>.</summary>
    public bool Has(string eventName) => Provider.Has(eventName);

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _logger.BeginScope(state);

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => _logger.IsEnabled(logLevel);

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logger.Log(logLevel, eventId, state, exception, formatter);
}
