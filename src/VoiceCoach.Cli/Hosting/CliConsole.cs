using Spectre.Console;

namespace VoiceCoach.Cli.Hosting;

/// <summary>The console the commands write to: colours, links and the live display on a terminal, plain text otherwise.</summary>
internal static class CliConsole
{
    /// <summary>
    /// A console over <paramref name="output"/>. Redirected output (a file, a pipe, another program) gets plain text:
    /// Spectre's detection looks at TERM only, so `voicecoach transcribe a.wav &gt; a.txt` wrote colour codes and
    /// terminal hyperlinks into the file.
    /// </summary>
    public static IAnsiConsole Create(TextWriter output, bool redirected) => AnsiConsole.Create(redirected
        ? new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }
        : new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
}
