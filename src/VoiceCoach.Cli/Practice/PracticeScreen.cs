using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Cli.Practice;

/// <summary>
/// The practice session on a terminal (Spectre.Console): the question in a panel, a countdown, and while
/// recording a live panel with the time against the target (neutral before the minimum, green to the maximum,
/// amber past it, red past 1.5 × the maximum), the input level, whether speech is heard, and the keys. On a
/// console without ANSI support (redirected output, tests) it prints plain lines instead of redrawing.
/// </summary>
internal sealed class PracticeScreen(IAnsiConsole console) : IPracticeView
{
    private const int BarWidth = 40;
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(100);

    private bool Live => console.Profile.Capabilities.Ansi && console.Profile.Capabilities.Interactive;

    public void Intro(string title, IReadOnlyList<string> lines)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        foreach (var line in lines)
        {
            console.MarkupLine(line);
        }
    }

    public void Question(int number, int total, string label, Question question, string text)
    {
        console.WriteLine();
        var header = string.Create(CultureInfo.InvariantCulture, $"Question {number} of {total}{(label.Contains("follow-up", StringComparison.Ordinal) ? " · follow-up" : string.Empty)}");
        var target = question.TargetSeconds is { } t ? string.Create(CultureInfo.InvariantCulture, $" · aim for {t.Min:0}–{t.Max:0} s") : string.Empty;
        console.Write(new Panel(new Markup($"[bold]{Markup.Escape(text)}[/]"))
            .Header($"[cyan]{Markup.Escape(header)}[/][grey]{Markup.Escape(target)}[/]")
            .Border(BoxBorder.Rounded)
            .BorderColor(Color.Cyan1)
            .Expand());
    }

    public async Task CueAsync(bool countdown, TimeSpan step, CancellationToken cancellationToken)
    {
        if (countdown && step > TimeSpan.Zero)
        {
            if (Live)
            {
                foreach (var n in new[] { "3", "2", "1" })
                {
                    console.Markup($"[bold yellow]{n}…[/] ");
                    await Task.Delay(step, cancellationToken);
                }

                console.MarkupLine("[bold green]go![/]");
            }
            else
            {
                await Task.Delay(step * 3, cancellationToken);
                console.MarkupLine("3… 2… 1… go!");
            }
        }
        else
        {
            console.MarkupLine("[bold green]● Speak now[/] [grey](the answer ends when you pause)[/]");
        }
    }

    public async Task<T> LiveAsync<T>(Func<Action<LiveStatus>, Task<T>> record)
    {
        if (!Live)
        {
            return await record(_ => { });
        }

        var last = 0L;
        return await console.Live(new Text("● recording…")).AutoClear(true).Overflow(VerticalOverflow.Ellipsis).StartAsync(async ctx =>
            await record(status =>
            {
                if (last != 0 && Stopwatch.GetElapsedTime(last) < Redraw)
                {
                    return;
                }

                last = Stopwatch.GetTimestamp();
                ctx.UpdateTarget(Render(status));
                ctx.Refresh();
            }));
    }

    public void Line(string markup) => console.MarkupLine(markup);

    /// <summary>The live panel for a status (public for tests and to look at).</summary>
    public static IRenderable Render(LiveStatus s)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(1));
        grid.AddColumn(new GridColumn());
        grid.AddRow(new Markup("[grey]time[/]"), new Markup(TimeBar(s.Elapsed.TotalSeconds, s.Target)));
        grid.AddRow(new Markup("[grey]mic[/]"), new Markup(LevelBar(s.Level.RmsDbfs, s.Level.Peak)));
        grid.AddRow(new Markup("[grey]voice[/]"), new Markup(Voice(s)));
        if (s.Background > 0)
        {
            grid.AddRow(new Markup("[grey]coach[/]"), new Markup(string.Create(CultureInfo.InvariantCulture, $"[grey]transcribing {s.Background} earlier answer{(s.Background == 1 ? string.Empty : "s")} in the background[/]")));
        }

        if (s.Warning is { } w)
        {
            grid.AddRow(new Markup("[yellow]![/]"), new Markup($"[yellow]{Markup.Escape(w)}[/]"));
        }

        grid.AddRow(new Text(string.Empty), new Markup(Keys(s)));
        var state = s.Paused ? "[yellow]❚❚ paused[/]" : "[red]● recording[/]";
        return new Panel(grid)
            .Header($"{state} [grey]{Markup.Escape(s.Label)}[/]")
            .Border(BoxBorder.Rounded)
            .BorderColor(s.Paused ? Color.Yellow : Color.Grey)
            .Expand();
    }

    /// <summary>Elapsed time against the target: a bar to 1.5 × the maximum with the target marked.</summary>
    internal static string TimeBar(double seconds, (double Min, double Max) target)
    {
        var red = target.Max * 1.5;
        var scale = Math.Max(red, seconds);
        var filled = (int)Math.Round(Math.Min(seconds, scale) / scale * BarWidth);
        var minAt = (int)Math.Round(target.Min / scale * BarWidth);
        var maxAt = (int)Math.Round(target.Max / scale * BarWidth);
        var color = seconds < target.Min ? "white" : seconds <= target.Max ? "green" : seconds <= red ? "orange1" : "red";
        var bar = new System.Text.StringBuilder();
        bar.Append('[').Append(color).Append(']').Append(new string('━', filled)).Append("[/][grey]");
        for (var i = filled; i < BarWidth; i++)
        {
            bar.Append(i == minAt || i == maxAt ? '┃' : '─');
        }

        bar.Append("[/]");
        var verdict = seconds < target.Min ? "[grey]building up[/]" : seconds <= target.Max ? "[green]on target[/]" : seconds <= red ? "[orange1]wrap up[/]" : "[red]too long[/]";
        return string.Create(CultureInfo.InvariantCulture, $"{bar} [bold]{Clock(seconds)}[/] [grey]target {Clock(target.Min)}–{Clock(target.Max)}[/] {verdict}");
    }

    /// <summary>RMS level from -60 to 0 dBFS; red when the peak clips.</summary>
    internal static string LevelBar(double rmsDbfs, float peak)
    {
        const int width = 20;
        var db = double.IsFinite(rmsDbfs) ? Math.Clamp(rmsDbfs, -60, 0) : -60;
        var filled = (int)Math.Round((db + 60) / 60 * width);
        var color = peak >= 0.99f ? "red" : db > -40 ? "green" : "grey";
        var label = double.IsFinite(rmsDbfs) ? string.Create(CultureInfo.InvariantCulture, $"{rmsDbfs,4:0} dB") : "   silent";
        var clip = peak >= 0.99f ? " [red]clipping: move back from the microphone[/]" : string.Empty;
        return $"[{color}]{new string('▮', filled)}[/][grey]{new string('▯', width - filled)}[/] {label}{clip}";
    }

    private static string Voice(LiveStatus s)
    {
        if (s.Paused)
        {
            return "[yellow]paused: press p to go on[/]";
        }

        if (s.SpeechNow)
        {
            return "[green]● speech heard[/]";
        }

        if (!s.SpeechHeard)
        {
            return "[grey]○ waiting for you to start…[/]";
        }

        return s.HandsFree
            ? string.Create(CultureInfo.InvariantCulture, $"[grey]○ pause {s.Silence.TotalSeconds:0.0} s — ends at {s.SilenceLimit.TotalSeconds:0.0} s[/]")
            : string.Create(CultureInfo.InvariantCulture, $"[grey]○ pause {s.Silence.TotalSeconds:0.0} s[/]");
    }

    private static string Keys(LiveStatus s) =>
        (s.HandsFree ? "[grey]ends on a pause ·[/] " : string.Empty)
        + "[bold]space[/]/[bold]enter[/] done  [bold]r[/] redo  [bold]s[/] skip  [bold]p[/] " + (s.Paused ? "resume" : "pause") + "  [bold]q[/] quit";

    private static string Clock(double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)seconds / 60}:{(int)seconds % 60:00}");
}

/// <summary>The keyboard of the terminal the session runs in; nothing when input is redirected.</summary>
internal sealed class ConsoleKeys : IPracticeKeys
{
    public PracticeKey Poll()
    {
        if (Console.IsInputRedirected)
        {
            return PracticeKey.None;
        }

        while (Console.KeyAvailable)
        {
            var key = Console.ReadKey(intercept: true);
            var mapped = key.Key switch
            {
                ConsoleKey.Spacebar or ConsoleKey.Enter => PracticeKey.Finish,
                ConsoleKey.R => PracticeKey.Redo,
                ConsoleKey.S => PracticeKey.Skip,
                ConsoleKey.P => PracticeKey.Pause,
                ConsoleKey.Q or ConsoleKey.Escape => PracticeKey.Quit,
                _ => PracticeKey.None,
            };
            if (mapped != PracticeKey.None)
            {
                return mapped;
            }
        }

        return PracticeKey.None;
    }
}
