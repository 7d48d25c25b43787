using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>A logger provider that keeps every entry at or above <paramref name="least"/>: its level, category, text
/// and structured values (a LoggerMessage's named holes), for tests that assert what was logged.</summary>
public sealed class LogCapture(LogLevel least = LogLevel.Trace) : ILoggerProvider
{
    private LogLevel Least => least;

    public sealed record Entry(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Values);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= capture.Least && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var values = (state as IEnumerable<KeyValuePair<string, object?>> ?? []).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            capture.Entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), values));
        }
    }
}
