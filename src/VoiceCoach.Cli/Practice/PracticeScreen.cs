using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using VoiceCoach.Practice;

namespace VoiceCoach.Cli.Practice;

/// <summary>
/// The terminal view of a practice session (Spectre.Console): the question in a panel, a countdown, and while
/// recording a live panel with the time spoken against the target (neutral before the minimum, green to the maximum,
/// amber past it, red from the rubric's too-long point, where the interviewer cuts in), the input level, whether
/// speech is heard, and the keys. On a console without ANSI support (redirected output, tests) it prints plain lines
/// instead of redrawing.
/// </summary>
/// <remarks>
/// Threading: events arrive one at a time from the session; while an answer is recorded a live display redraws the
/// latest progress from its own task (10 times a second), and lines that arrive meanwhile are printed after it.
/// </remarks>
internal sealed class PracticeScreen(IAnsiConsole console) : IPracticeObserver, IDisposable
{
    private const int BarWidth = 40;
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(100);
    private readonly List<string> _deferred = [];
    private readonly SemaphoreSlim _changed = new(0);
    private AnswerProgress? _latest;
    private string? _note;
    private Task? _live;
    private volatile bool _stopLive;

    private bool Live => console.Profile.Capabilities.Ansi && console.Profile.Capabilities.Interactive;

    /// <summary>Called when the session is ready to ask its first question (the command prints its introduction).</summary>
    public Action? OnReady { get; set; }

    public void Dispose() => _changed.Dispose();

    public void Intro(string title, IReadOnlyList<string> lines)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        foreach (var line in lines)
        {
            console.MarkupLine(line);
        }
    }

    public void OnEvent(PracticeEvent e)
    {
        switch (e)
        {
            case SessionReady:
                OnReady?.Invoke();
                break;
            case QuestionAsked q:
                Question(q);
                break;
            case CountdownTick { Remaining: > 0 } tick:
                console.Markup(string.Create(CultureInfo.InvariantCulture, $"[bold yellow]{tick.Remaining}…[/] "));
                break;
            case CountdownTick:
                console.MarkupLine("[bold green]go![/]");
                break;
            case ListeningStarted started:
                StartLive(started);
                break;
            case AnswerProgress progress:
                _latest = progress;
                _changed.Release();
                break;
            case NoSpeechHeard none:
                Note(none.MovingOn
                    ? $"[yellow]I didn't hear an answer to {Markup.Escape(none.Label)}; moving on (it is graded as no answer).[/]"
                    : "[yellow]I didn't hear anything. Start speaking, press [bold]a[/] to hear the question again, or [bold]s[/] to skip.[/]");
                break;
            case InterviewerCutIn cut:
                Note($"[bold]Interviewer:[/] {Markup.Escape(cut.Line)} [grey](past the {Markup.Escape(Clock(cut.Spoken.TotalSeconds))} too-long point)[/]");
                break;
            case AnswerEnded:
                StopLive();
                break;
            case PracticeNotice notice:
                Line(NoticeLine(notice));
                break;
        }
    }

    private void Question(QuestionAsked q)
    {
        console.WriteLine();
        var header = string.Create(CultureInfo.InvariantCulture, $"Question {q.Number} of {q.Total}{(q.IsFollowUp ? " · follow-up" : string.Empty)}");
        var target = string.Create(CultureInfo.InvariantCulture, $" · aim for {q.Target.Min:0}–{q.Target.Max:0} s");
        console.Write(new Panel(new Markup($"[bold]{Markup.Escape(q.Text)}[/]"))
            .Header($"[cyan]{Markup.Escape(header)}[/][grey]{Markup.Escape(target)}[/]")
            .Border(BoxBorder.Rounded)
            .BorderColor(Color.Cyan1)
            .Expand());
    }

    private void StartLive(ListeningStarted started)
    {
        if (started.HandsFree)
        {
            console.MarkupLine("[bold green]● Speak now[/] [grey](the answer ends when you pause)[/]");
        }

        _latest = null;
        _note = null;
        if (!Live)
        {
            return;
        }

        _stopLive = false;
        _live = console.Live(new Text("● recording…")).AutoClear(true).Overflow(VerticalOverflow.Ellipsis).StartAsync(async ctx =>
        {
            while (!_stopLive)
            {
                if (_latest is { } status)
                {
                    ctx.UpdateTarget(Render(status, _note));
                    ctx.Refresh();
                }

                await _changed.WaitAsync(Redraw);
                await Task.Delay(Redraw);
            }
        });
    }

    private void StopLive()
    {
        if (_live is { } live)
        {
            _stopLive = true;
            _changed.Release();
            live.GetAwaiter().GetResult(); // the session waits the ≤ 100 ms for the display to close
            _live = null;
        }

        if (_note is { } note && Live)
        {
            console.MarkupLine(note);
        }

        _note = null;
        foreach (var line in _deferred)
        {
            console.MarkupLine(line);
        }

        _deferred.Clear();
    }

    /// <summary>A line shown in the live panel while recording, and printed once it closes (or at once on a plain console).</summary>
    private void Note(string markup)
    {
        _note = markup;
        if (!Live)
        {
            console.MarkupLine(markup);
        }
    }

    private void Line(string markup)
    {
        if (_live is not null)
        {
            _deferred.Add(markup);
        }
        else
        {
            console.MarkupLine(markup);
        }
    }

    private static string NoticeLine(PracticeNotice notice)
    {
        var text = Spectre.Console.Markup.Escape(notice.Text);
        return notice.Kind switch
        {
            NoticeKind.Success => $"[green]✓[/] {text}",
            NoticeKind.Warning => $"[yellow]{text}[/]",
            NoticeKind.Error => $"[red]{text}[/]",
            _ => $"[grey]{text}[/]",
        };
    }

    /// <summary>The live panel for a status (internal for tests and to look at).</summary>
    internal static IRenderable Render(AnswerProgress s, string? note = null)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(1));
        grid.AddColumn(new GridColumn());
        grid.AddRow(new Markup("[grey]time[/]"), new Markup(TimeBar(s.Spoken.TotalSeconds, s.Target, s.TooLongAfter)));
        grid.AddRow(new Markup("[grey]mic[/]"), new Markup(LevelBar(s.Level.RmsDbfs, s.Level.Peak)));
        grid.AddRow(new Markup("[grey]voice[/]"), new Markup(Voice(s)));
        if (s.Background > 0)
        {
            grid.AddRow(new Markup("[grey]coach[/]"), new Markup(string.Create(CultureInfo.InvariantCulture, $"[grey]transcribing {s.Background} earlier answer{(s.Background == 1 ? string.Empty : "s")} in the background[/]")));
        }

        if (s.Warning is { } w)
        {
            grid.AddRow(new Markup("[yellow]![/]"), new Markup($"[yellow]{Spectre.Console.Markup.Escape(w)}[/]"));
        }

        if (note is not null)
        {
            grid.AddRow(new Markup("[yellow]»[/]"), new Markup(note));
        }

        grid.AddRow(new Text(string.Empty), new Markup(Keys(s)));
        var state = s.Paused ? "[yellow]❚❚ paused[/]" : "[red]● recording[/]";
        return new Panel(grid)
            .Header(string.Create(CultureInfo.InvariantCulture, $"{state} [grey]{Spectre.Console.Markup.Escape(s.Label)} · {Clock(s.Elapsed.TotalSeconds)} recorded[/]"))
            .Border(BoxBorder.Rounded)
            .BorderColor(s.Paused ? Color.Yellow : Color.Grey)
            .Expand();
    }

    /// <summary>Time spoken against the target: a bar to the too-long point with the target marked; red from there.</summary>
    internal static string TimeBar(double seconds, (double Min, double Max) target, double tooLongAfter)
    {
        var scale = Math.Max(tooLongAfter, seconds);
        var filled = (int)Math.Round(Math.Min(seconds, scale) / scale * BarWidth);
        var minAt = (int)Math.Round(target.Min / scale * BarWidth);
        var maxAt = (int)Math.Round(target.Max / scale * BarWidth);
        var zone = TimerZones.Of(seconds, target, tooLongAfter);
        var color = zone switch { TimerZone.BuildingUp => "white", TimerZone.OnTarget => "green", TimerZone.WrapUp => "orange1", _ => "red" };
        var bar = new System.Text.StringBuilder();
        bar.Append('[').Append(color).Append(']').Append(new string('━', filled)).Append("[/][grey]");
        for (var i = filled; i < BarWidth; i++)
        {
            bar.Append(i == minAt || i == maxAt ? '┃' : '─');
        }

        bar.Append("[/]");
        var verdict = zone switch { TimerZone.BuildingUp => "[grey]building up[/]", TimerZone.OnTarget => "[green]on target[/]", TimerZone.WrapUp => "[orange1]wrap up[/]", _ => "[red]too long[/]" };
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

    private static string Voice(AnswerProgress s)
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
            return s.WaitingForSpeech ? "[yellow]○ no answer heard yet: start speaking, [bold]a[/] asks again, [bold]s[/] skips[/]" : "[grey]○ waiting for you to start…[/]";
        }

        return s.HandsFree
            ? string.Create(CultureInfo.InvariantCulture, $"[grey]○ pause {s.Silence.TotalSeconds:0.0} s — ends at {s.SilenceLimit.TotalSeconds:0.0} s[/]")
            : string.Create(CultureInfo.InvariantCulture, $"[grey]○ pause {s.Silence.TotalSeconds:0.0} s[/]");
    }

    private static string Keys(AnswerProgress s) =>
        (s.HandsFree ? "[grey]ends on a pause ·[/] " : string.Empty)
        + "[bold]space[/]/[bold]enter[/] done  [bold]r[/] redo  [bold]a[/] ask again  [bold]s[/] skip  [bold]p[/] " + (s.Paused ? "resume" : "pause") + "  [bold]q[/] quit";

    private static string Clock(double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)seconds / 60}:{(int)seconds % 60:00}");
}
