using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Serilog for the whole product: a rolling file log in the user's data folder (or $VOICECOACH_HOME),
/// console output only with --verbose. Libraries log through Microsoft.Extensions.Logging.
/// </summary>
internal static class Logging
{
    /// <summary>The data folder: $VOICECOACH_HOME, else ~/.local/share/voicecoach (or %LOCALAPPDATA%\voicecoach).</summary>
    public static string DataDirectory()
    {
        var home = Environment.GetEnvironmentVariable("VOICECOACH_HOME");
        if (!string.IsNullOrWhiteSpace(home))
        {
            return home;
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(string.IsNullOrEmpty(local) ? Path.GetTempPath() : local, "voicecoach");
    }

    /// <summary>Creates the logger factory; dispose it to flush the file.</summary>
    public static (ILoggerFactory Factory, string LogPath) Create(bool verbose)
    {
        var dir = Path.Combine(DataDirectory(), "logs");
        var config = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .Enrich.FromLogContext()
            .Enrich.With(new RedactSecrets());
        try
        {
            Directory.CreateDirectory(dir);
            config = config.WriteTo.File(
                Path.Combine(dir, "voicecoach-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext} {Message:lj} {Properties:j}{NewLine}{Exception}");
        }
        catch (IOException)
        {
            // A read-only home must not stop a practice session; the log is then console-only.
        }
        catch (UnauthorizedAccessException)
        {
        }

        if (verbose)
        {
            config = config.WriteTo.Console(
                restrictedToMinimumLevel: LogEventLevel.Debug,
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        var logger = config.CreateLogger();
        return (new SerilogLoggerFactory(logger, dispose: true), Path.Combine(dir, "voicecoach-<date>.log"));
    }

    /// <summary>Replaces properties that look like secrets (api keys, tokens, authorization) with "***".</summary>
    private sealed class RedactSecrets : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            foreach (var name in logEvent.Properties.Keys.ToList())
            {
                if (name.Contains("key", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("token", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("authorization", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("secret", StringComparison.OrdinalIgnoreCase))
                {
                    logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty(name, "***"));
                }
            }
        }
    }
}
