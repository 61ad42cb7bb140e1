using System.Globalization;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LvExtend.TestSupport.Logging;

/// <summary>
/// The one logger provider of the tests: writes every entry at or above <see cref="MinimumLevel"/> to the test
/// output (if given) as <c>HH:mm:ss.fff Leve Category[id] message</c>, and records it for assertions
/// (<see cref="Entries"/>, <see cref="Lines"/>, <see cref="Errors"/>, <see cref="Has"/>). Writing after the test has
/// finished is ignored. Use it with a logging builder (<c>AddProvider</c>) or directly (<see cref="CreateLogger{T}"/>).
/// </summary>
public sealed class TestLoggerProvider : ILoggerProvider
{
    private readonly ITestOutputHelper? _output;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<TestLogEntry> _entries = [];

    /// <param name="output">Where lines are echoed (none: only recorded).</param>
    /// <param name="minimumLevel">The lowest level written and recorded.</param>
    /// <param name="time">The clock of the time stamps (default: the system's).</param>
    public TestLoggerProvider(ITestOutputHelper? output = null, LogLevel minimumLevel = LogLevel.Debug, TimeProvider? time = null)
    {
        _output = output;
        MinimumLevel = minimumLevel;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The lowest level written and recorded.</summary>
    public LogLevel MinimumLevel { get; }

    /// <summary>Every entry so far, in order.</summary>
    public IReadOnlyList<TestLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Every entry so far as the line written to the test output.</summary>
    public IReadOnlyList<string> Lines => [.. Entries.Select(e => e.Line)];

    /// <summary>The messages of the entries at Error or above.</summary>
    public IReadOnlyList<string> Errors => [.. Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message)];

    /// <summary>Whether an entry with the event name <paramref name="eventName"/> (the <c>[LoggerMessage]</c> method's name) was logged.</summary>
    public bool Has(string eventName) => Entries.Any(e => e.EventId.Name == eventName);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        return new CategoryLogger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);
    }

    /// <summary>A typed logger for <typeparamref name="T"/> that writes here.</summary>
    public TestLogger<T> CreateLogger<T>() => new(this);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    internal bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= MinimumLevel;

    internal void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var time = _time.GetLocalNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var line = $"{time} {level.ToString()[..4]} {category}[{eventId.Id}] {message}{(exception is null ? "" : " " + exception)}";
        var entry = new TestLogEntry(
            level, eventId, category, exception is null ? message : $"{message} ({exception.GetType().Name}: {exception.Message})", line);
        lock (_gate)
        {
            _entries.Add(entry);
        }

        try
        {
            _output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test that owned the output has finished.
        }
    }

    private sealed class CategoryLogger(TestLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (provider.IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, eventId, formatter(state, exception), exception);
            }
        }
    }
}
