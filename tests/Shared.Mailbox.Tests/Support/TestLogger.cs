using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Shared.Mailbox.Tests.Support;

/// <summary>Routes logs to the test output and records warnings and errors so a test can assert on them.</summary>
public sealed class TestLogger<T> : ILogger<T>
{
    private readonly ITestOutputHelper? _output;

    public TestLogger(ITestOutputHelper? output = null) => _output = output;

    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    public IEnumerable<string> Errors => Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message);

    public bool Has(string eventName) => Entries.Any(e => e.EventId.Name == eventName);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception) + (exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})");
        if (logLevel >= LogLevel.Information)
        {
            Entries.Enqueue((logLevel, eventId, message));
        }

        try
        {
            _output?.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {logLevel} {typeof(T).Name} [{eventId.Name}] {message}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished.
        }
    }
}
