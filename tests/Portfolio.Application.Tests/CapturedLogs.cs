using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portfolio.Application.Tests;

/// <summary>Every log entry written through the harness's logging, so a test can read what an operator would see.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception);

    private readonly ConcurrentQueue<Entry> entries = new();
    public IReadOnlyList<Entry> Entries => entries.ToList();
    public IReadOnlyList<Entry> AtLeast(LogLevel level) => entries.Where(e => e.Level >= level).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void Dispose() { }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception));
    }
}
