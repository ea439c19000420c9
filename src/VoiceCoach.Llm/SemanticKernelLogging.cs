using Microsoft.Extensions.Logging;

namespace VoiceCoach.Llm;

/// <summary>
/// The logger factory Semantic Kernel gets: the host's (Serilog in the CLI), with SK's own categories
/// held at Information. At Debug and Trace SK logs function arguments, rendered prompts and chat
/// histories, that is the candidate's transcript; VoiceCoach's own log lines say what happened without
/// it. The API key is never in what SK logs at any level.
/// </summary>
internal static class SemanticKernelLogging
{
    public static ILoggerFactory Wrap(ILoggerFactory inner) => inner as CappedLoggerFactory ?? new CappedLoggerFactory(inner);

    private static bool IsSemanticKernel(string category) => category.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal);

    private sealed class CappedLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) =>
            IsSemanticKernel(categoryName) ? new CappedLogger(inner.CreateLogger(categoryName)) : inner.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        // The host owns and disposes the inner factory.
        public void Dispose()
        {
        }
    }

    private sealed class CappedLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
