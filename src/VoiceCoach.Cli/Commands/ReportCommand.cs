using System.CommandLine;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach report SESSION_DIR [--html] [--out FILE]`: renders the report again from session.json
/// with today's writers, without grading again (that is `regrade`): report.md and the timelines, and
/// with --html a self-contained report.html with an audio player and the word-timed transcript per answer.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliServices services)
    {
        var dir = new Argument<string>("session-dir") { Description = "A session folder holding session.json." };
        var html = new Option<bool>("--html") { Description = "Also write report.html: the report with an audio player and the word-timed transcript per answer." };
        var output = new Option<string?>("--out", "-o") { Description = "The file to write: report.html with --html, else report.md. Default: inside SESSION_DIR." };
        var command = new Command("report", "Render a saved session's report again from session.json (no re-grading); --html for a page with audio and word timing.") { dir, html, output };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetRequiredValue(dir);
            var folder = Path.GetFullPath(given, services.WorkingDirectory);
            var json = Path.Combine(folder, SessionFolder.JsonName);
            if (!File.Exists(json))
            {
                throw new CliUserException($"{given}: no session.json here; pass a folder written by `grade` or `practice`");
            }

            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            GradedSession session;
            await using (var stream = File.OpenRead(json))
            {
                session = GradedSessionReader.Read(stream, Path.GetRelativePath(services.WorkingDirectory, json), library.Questions, company => new SessionAssessor(library.Rubric, library.Company(company)), library.Rubric.Grades.Select(g => g.Letter).ToList());
            }

            ct.ThrowIfCancellationRequested();
            var pack = library.Company(session.Company);
            var wantHtml = parse.GetValue(html);
            var outFile = parse.GetValue(output) is { } o ? Path.GetFullPath(o, services.WorkingDirectory) : null;
            if (outFile is not null && Path.GetDirectoryName(outFile) is { } outParent)
            {
                SessionFolder.CheckUsable(outParent, Path.GetDirectoryName(parse.GetValue(output)!) is { Length: > 0 } p ? p : outParent);
            }

            if (outFile is not null && Directory.Exists(outFile))
            {
                var name = wantHtml ? SessionFolder.HtmlName : SessionFolder.ReportName;
                throw new CliUserException($"{parse.GetValue(output)}: is a folder; --out takes the file to write, e.g. {Path.Combine(parse.GetValue(output)!, name)}");
            }

            // Not while another command (regrade, grade --force) rewrites the session.
            using var folderLock = SessionFolder.Lock(folder, services.SessionLockWait, given);

            // report.md and its timelines: in the session folder, or at --out when no HTML is asked for.
            var md = !wantHtml && outFile is not null ? outFile : Path.Combine(folder, SessionFolder.ReportName);
            var mdDir = Path.GetDirectoryName(md)!;
            Directory.CreateDirectory(mdDir);
            foreach (var answer in session.Answers)
            {
                SessionFolder.WriteText(Path.Combine(mdDir, MarkdownReportWriter.TimelineFileName(answer)), w => TimelineSvgWriter.Write(answer, w));
            }

            SessionFolder.WriteText(md, w => new MarkdownReportWriter(pack).Write(session, w));
            services.Console.MarkupLine($"Report: [link]{Markup.Escape(md)}[/]");
            if (!wantHtml)
            {
                return ExitCodes.Success;
            }

            var page = outFile ?? Path.Combine(folder, SessionFolder.HtmlName);
            var pageDir = Path.GetDirectoryName(page)!;
            Directory.CreateDirectory(pageDir);
            var options = new HtmlReportOptions
            {
                LongPauseSeconds = library.Rubric.LongPauseSeconds,
                AudioHref = a => AudioHref(services, folder, pageDir, a),
            };
            SessionFolder.WriteText(page, w => new HtmlReportWriter(pack, options).Write(session, w));
            services.Console.MarkupLine($"HTML: [link]{Markup.Escape(page)}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The answer's audio relative to the page; null (and one yellow line) when the file is gone.</summary>
    private static string? AudioHref(CliServices services, string sessionFolder, string pageDir, GradedAnswer answer)
    {
        if (answer.Answer.AudioPath is not { } audio)
        {
            return null;
        }

        var full = Path.GetFullPath(audio, sessionFolder);
        if (!File.Exists(full))
        {
            services.Console.MarkupLine($"[yellow]Q{answer.Answer.Index}: recording {Markup.Escape(audio)} not found; the page shows its transcript without a player[/]");
            return null;
        }

        return Path.GetRelativePath(pageDir, full).Replace('\\', '/');
    }
}
