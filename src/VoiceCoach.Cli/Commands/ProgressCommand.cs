using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach progress [--sessions DIR] [--out DIR]`: every saved session in a table, the trend as a
/// terminal chart and as progress.md + progress.svg, and whether the last session met the previous
/// session's target (and its own). Folders without a readable session.json are skipped with one line.
/// </summary>
internal static class ProgressCommand
{
    public static Command Create(CliServices services)
    {
        var sessions = new Option<string?>("--sessions", "-s") { Description = "The folder holding one folder per session (each with session.json). Default: ./sessions." };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write progress.md and progress.svg. Default: the sessions folder." };
        var command = new Command("progress", "Show every saved session, the trend of grades and culture integration, and whether the targets were met.") { sessions, output };
        command.SetAction((parse, ct) =>
        {
            var given = parse.GetValue(sessions) ?? "sessions";
            var dir = Path.GetFullPath(given, services.WorkingDirectory);
            if (!Directory.Exists(dir))
            {
                throw new CliUserException($"{given}: no such folder; grade a session first (`voicecoach grade --manifest samples/manifest.yaml`) or pass --sessions DIR");
            }

            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var read = new List<SessionOverview>();
            var letters = library.Rubric.Grades.Select(g => g.Letter).ToList();
            var skipped = new List<SkippedSession>();
            foreach (var folder in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                var json = Path.Combine(folder, SessionFolder.JsonName);
                var shown = Path.GetRelativePath(services.WorkingDirectory, json);
                if (!File.Exists(json))
                {
                    Skip(services, skipped, Path.GetRelativePath(services.WorkingDirectory, folder), "no session.json here (not a graded session)");
                    continue;
                }

                try
                {
                    using var stream = File.OpenRead(json);
                    read.Add(SessionOverview.Read(stream, Path.GetFileName(folder), shown, letters));
                }
                catch (SessionFileException ex)
                {
                    Skip(services, skipped, shown, ex.Problem);
                }
                catch (IOException ex)
                {
                    Skip(services, skipped, shown, $"cannot be read ({ex.Message})");
                }
                catch (UnauthorizedAccessException)
                {
                    Skip(services, skipped, shown, "cannot be read (permission denied)");
                }
            }

            if (read.Count == 0)
            {
                throw new CliUserException($"{given}: no graded sessions found{(skipped.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({skipped.Count} folder(s) skipped)") : string.Empty)}; grade one with `voicecoach grade` or `voicecoach practice`");
            }

            var report = ProgressAnalyzer.Analyze(read, library.Rubric.Grades, skipped);
            var outDir = Path.GetFullPath(parse.GetValue(output) ?? dir, services.WorkingDirectory);
            SessionFolder.CheckUsable(outDir, parse.GetValue(output) ?? given);
            Directory.CreateDirectory(outDir);
            var md = Path.Combine(outDir, "progress.md");
            SessionFolder.WriteText(md, w => ProgressMarkdownWriter.Write(report, w));
            SessionFolder.WriteText(Path.Combine(outDir, ProgressMarkdownWriter.ChartFileName), w => ProgressSvgWriter.Write(report, w));

            Print(services.Console, report);
            services.Console.MarkupLine($"Progress: [link]{Markup.Escape(md)}[/] (chart: {Markup.Escape(ProgressMarkdownWriter.ChartFileName)} beside it)");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void Skip(CliServices services, List<SkippedSession> skipped, string file, string reason)
    {
        skipped.Add(new SkippedSession(file, reason));
        services.Console.MarkupLine($"[yellow]{Markup.Escape(file)}: {Markup.Escape(reason)}; skipped[/]");
    }

    private static void Print(IAnsiConsole console, ProgressReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Sessions");
        foreach (var column in new[] { "#", "date", "round", "answers", "grade", "culture", "fluency", "avg time" })
        {
            // No wrapping: the table fits an 80-column terminal (fluency shows the level; progress.md has the label).
            table.AddColumn(new TableColumn(column) { NoWrap = true });
        }

        for (var i = 0; i < report.Sessions.Count; i++)
        {
            var s = report.Sessions[i];
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(ProgressMarkdownWriter.DateText(s)),
                Markup.Escape(ProgressMarkdownWriter.SessionName(s)),
                ProgressMarkdownWriter.Questions(s),
                $"[bold]{Markup.Escape(s.AverageGrade)}[/]",
                string.Create(CultureInfo.InvariantCulture, $"{s.CultureIntegrationPct}%"),
                s.FluencyLevel is { } level ? string.Create(CultureInfo.InvariantCulture, $"{level}/5") : "–",
                Markup.Escape(ProgressMarkdownWriter.Seconds(s.AverageSeconds)));
        }

        console.Write(table);

        // Grade points per session as bars: green when better than the session before, red when worse.
        var max = report.Grades.Count == 0 ? 4 : report.Grades.Max(g => g.Points);
        var chart = new BarChart().Width(72).Label("[bold]Average grade points per session[/] (culture integration in brackets)").WithMaxValue(max);
        for (var i = 0; i < report.Sessions.Count; i++)
        {
            var s = report.Sessions[i];
            var p = report.GradePoints[i];
            var color = i == 0 || Math.Abs(p - report.GradePoints[i - 1]) < 1e-9 ? Color.Grey : p > report.GradePoints[i - 1] ? Color.Green : Color.Red;
            var date = s.Date is { } d ? d.ToString("MMM dd", CultureInfo.InvariantCulture) : "?";
            chart.AddItem(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"#{i + 1} {date} {s.AverageGrade,-2} ({s.CultureIntegrationPct}%)")), Math.Round(p, 2), color);
        }

        console.Write(chart);

        if (report.LastAgainstPrevious is { } prev)
        {
            console.MarkupLine($"Last session vs the previous session's target ({Markup.Escape(prev.TargetText ?? "none recorded")}): {Verdict(prev.Met, "met", "not met")}{Markup.Escape(Details(prev))}");
        }
        else
        {
            console.MarkupLine("[grey]One session so far: nothing to compare a target with yet.[/]");
        }

        if (report.LastAgainstOwn is { } own)
        {
            console.MarkupLine($"Last session vs its own target ({Markup.Escape(own.TargetText ?? "none recorded")}): {Verdict(own.Met, "already met", "not yet met")}{Markup.Escape(Details(own))}");
        }
    }

    private static string Verdict(bool? met, string yes, string no) => met switch
    {
        true => $"[green bold]{yes}[/]",
        false => $"[red bold]{no}[/]",
        null => "[yellow]not checkable[/]",
    };

    private static string Details(TargetOutcome o) => o.Check is { Parts.Count: > 0 } c ? " — " + c.Details : string.Empty;
}
