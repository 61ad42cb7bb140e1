using Microsoft.Extensions.Logging;

namespace LvExtend.TestSupport.Logging;

/// <summary>One log entry a <see cref="TestLoggerProvider"/> recorded.</summary>
/// <param name="Level">Its level.</param>
/// <param name="EventId">Its event id (number and name).</param>
/// <param name="Category">The logger's category, last segment only (e.g. <c>ManagerMailbox</c>).</param>
/// <param name="Message">The formatted message; with an exception, its type and message in parentheses.</param>
/// <param name="Line">The line written to the test output: time, level, category, event id, message (and the whole exception).</param>
public sealed record TestLogEntry(LogLevel Level, EventId EventId, string Category, string Message, string Line);
