using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach regrade SESSION_DIR`: grades a saved session again with today's prompts and rubric.
/// The earlier session.json and report.md are kept under SESSION_DIR/gradings/ (numbered), and the
/// command prints what changed per answer.
/// </summary>
internal static class RegradeCommand
{
    public static Command Create(CliServices services)
    {
        var dir = new Argument<string>("session-dir") { Description = "A session folder holding session.json." };
        var llm = new LlmCliOptions();
        var command = new Command("regrade", "Grade a saved session again with the current prompts and rubric (and the LLM reviewer with --llm); earlier gradings are kept.") { dir };
        llm.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var folder = Path.GetFullPath(parse.GetRequiredValue(dir), services.WorkingDirectory);
            var json = Path.Combine(folder, SessionFolder.JsonName);
            if (!File.Exists(json))
            {
                throw new CliUserException($"{parse.GetRequiredValue(dir)}: no session.json here; pass a folder written by `grade` or `practice`");
            }

            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            SavedSession saved;
            await using (var stream = File.OpenRead(json))
            {
                saved = SessionJsonReader.Read(stream, Path.GetRelativePath(services.WorkingDirectory, json), library.Questions);
            }

            for (var i = 0; i < saved.Grades.Count; i++)
            {
                if (library.Rubric.Band(saved.Grades[i].Grade) is null)
                {
                    // Re-grading is how such a file gets repaired, so it goes on; the user is told what the "before" column shows.
                    CliApp.NoteLine(services.Console, $"Q{i + 1}: the earlier grade '{saved.Grades[i].Grade}' in session.json is not a grade of the rubric; it is shown as it was");
                }
            }

            var pack = library.Company(saved.Company);
            using var setup = await llm.CreateGraderAsync(parse, services, library, pack, saved.Id, ct);
            var grader = setup.SessionGrader(library.Rubric, pack, services.Time);
            var session = await grader.GradeAsync(saved.Id, saved.Answers, ct);

            // The earlier grading is kept under gradings/ before anything is overwritten, under the folder's lock.
            var written = SessionFolder.Save(session, pack, folder, ExistingSession.Archive, services.Time, services.SessionLockWait, parse.GetRequiredValue(dir));
            PrintChanges(services.Console, saved, session);
            services.Console.MarkupLine($"Earlier grading kept as [grey]{Markup.Escape(written.ArchivedAs ?? SessionFolder.ArchiveFolder)}[/]");
            services.Console.MarkupLine($"Report: [link]{Markup.Escape(written.Report)}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintChanges(IAnsiConsole console, SavedSession saved, GradedSession now)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("#");
        table.AddColumn("before");
        table.AddColumn("now");
        table.AddColumn("LLM");
        table.AddColumn("flags added");
        table.AddColumn("flags removed");
        foreach (var c in GradingChanges.Compare(saved, now))
        {
            table.AddRow(
                c.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(c.Before),
                c.Same ? Markup.Escape(c.Now) : $"[bold]{Markup.Escape(c.Now)}[/]",
                Markup.Escape(c.Llm),
                Markup.Escape(string.Join(", ", c.FlagsAdded)),
                Markup.Escape(string.Join(", ", c.FlagsRemoved)));
        }

        console.Write(table);
        foreach (var notice in now.Notices.Where(n => n.Contains("LLM", StringComparison.Ordinal)))
        {
            console.MarkupLine($"[yellow]{Markup.Escape(notice)}[/]");
        }

        console.MarkupLine($"Average: {Markup.Escape(now.Summary.AverageGrade)} · next target: {Markup.Escape(now.Summary.NextTarget)}");
    }
}
