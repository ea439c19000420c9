using VoiceCoach.Practice;

namespace VoiceCoach.Cli.Practice;

/// <summary>The keyboard, polled without blocking.</summary>
internal interface IPracticeKeys
{
    /// <summary>The command of the next key pressed, or null.</summary>
    SessionCommand? Poll();

    /// <summary>True when someone can press keys (a terminal, not redirected input).</summary>
    bool Available { get; }
}

/// <summary>The keyboard of the terminal the session runs in; nothing when input is redirected.</summary>
internal sealed class ConsoleKeys : IPracticeKeys
{
    public bool Available => !Console.IsInputRedirected;

    public SessionCommand? Poll()
    {
        if (!Available)
        {
            return null;
        }

        while (Console.KeyAvailable)
        {
            if (Map(Console.ReadKey(intercept: true).Key) is { } command)
            {
                return command;
            }
        }

        return null;
    }

    /// <summary>space/enter done, r redo, a ask again, s skip, p pause, q/Esc quit.</summary>
    internal static SessionCommand? Map(ConsoleKey key) => key switch
    {
        ConsoleKey.Spacebar or ConsoleKey.Enter => SessionCommand.Done,
        ConsoleKey.R => SessionCommand.Redo,
        ConsoleKey.A => SessionCommand.Repeat,
        ConsoleKey.S => SessionCommand.Skip,
        ConsoleKey.P => SessionCommand.Pause,
        ConsoleKey.Q or ConsoleKey.Escape => SessionCommand.Quit,
        _ => null,
    };
}
