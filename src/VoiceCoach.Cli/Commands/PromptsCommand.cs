using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Llm;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach prompts check`: parse, validate and render every coach-editable file (rubric, questions,
/// companies, grading prompts) with sample inputs. `voicecoach prompts eval --set DIR`: grade a labelled
/// set rubric-only and rubric + LLM, and show agreement with the coach's expected grades.
/// </summary>
internal static class PromptsCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("prompts", "Check the coach-editable prompt files, or measure grading against a labelled set.");
        command.Subcommands.Add(Check(services));
        command.Subcommands.Add(Eval(services));
        return command;
    }

    private static Command Check(CliServices services)
    {
        var show = new Option<bool>("--show") { Description = "Print each grading prompt as rendered with the sample answer." };
        var command = new Command("check", "Parse, validate and render every prompt file with sample inputs; errors name file, line and variable.") { show };
        command.SetAction(parse =>
        {
            var dir = PromptsLocator.Find(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var checkedPrompts = PromptsValidation.Validate(dir, services.Time);
            var library = checkedPrompts.Library;
            var prompts = checkedPrompts.Prompts;
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[green]ok[/] {Markup.Escape(dir)}: rubric.yaml, {library.Questions.All.Count} questions, {library.Companies.Count} company pack(s)"));
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("file");
            table.AddColumn("name");
            table.AddColumn("variables");
            table.AddColumn("messages");
            table.AddColumn("chars");
            table.AddColumn("settings");
            var rendered = checkedPrompts.Rendered;
            foreach (var (p, messages) in rendered)
            {
                var s = p.SettingsFor(string.Empty);
                table.AddRow(
                    Markup.Escape(p.File),
                    Markup.Escape(p.Name),
                    p.InputVariables.Count.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", messages.Select(m => m.Role))),
                    messages.Sum(m => m.Content.Length).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{s.ServiceId}: temperature {s.Temperature?.ToString(CultureInfo.InvariantCulture) ?? "server"}, max_tokens {s.MaxTokens?.ToString(CultureInfo.InvariantCulture) ?? "server"}, {s.ResponseFormat}")));
            }

            services.Console.Write(table);
            if (parse.GetValue(show))
            {
                foreach (var (p, messages) in rendered)
                {
                    services.Out.WriteLine($"===== {p.File}");
                    foreach (var m in messages)
                    {
                        services.Out.WriteLine($"--- {m.Role}");
                        services.Out.WriteLine(m.Content);
                    }
                }
            }

            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]All {prompts.All.Count} grading prompt(s) render.[/]"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Eval(CliServices services)
    {
        var set = new Option<string>("--set") { Description = "A folder with manifest.yaml whose answers carry expected_grade (e.g. prompts/eval/netflix-recruiter).", Required = true };
        var engine = new EngineOptions();
        var llm = new LlmCliOptions();
        var command = new Command("eval", "Grade a labelled set rubric-only and rubric + LLM; show agreement with the expected grades.") { set };
        engine.AddTo(command);
        llm.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var folder = Path.GetFullPath(parse.GetRequiredValue(set), services.WorkingDirectory);
            var manifestPath = Path.Combine(folder, "manifest.yaml");
            if (!File.Exists(manifestPath))
            {
                throw new CliUserException($"{parse.GetRequiredValue(set)}: no manifest.yaml here; a labelled set is a manifest whose answers carry expected_grade");
            }

            GradeManifest m;
            using (var reader = new StreamReader(manifestPath))
            {
                m = GradeManifest.Load(reader, Path.GetRelativePath(services.WorkingDirectory, manifestPath), library.Questions);
            }

            foreach (var a in m.Answers)
            {
                if (a.ExpectedGrade is null || library.Rubric.Band(a.ExpectedGrade) is null)
                {
                    throw new PromptFileException(Path.GetRelativePath(services.WorkingDirectory, manifestPath), a.Line, "expected_grade",
                        $"{(a.ExpectedGrade is null ? "is missing" : $"'{a.ExpectedGrade}' is not a grade")}; every answer in a labelled set needs one of {string.Join(", ", library.Rubric.Grades.Select(g => g.Letter))}");
                }
            }

            var pack = library.Company(m.Company);
            var prepared = await GradeCommand.PrepareAsync(services, m, folder, folder, engine.Read(parse), ct);
            var rubric = new RubricGrader(library.Rubric, pack);
            var setup = llm.CreateGrader(parse, services, library, pack, "eval");
            var rows = new List<(ManifestAnswer Expected, GradedAnswer Rubric, GradedAnswer? Llm)>();
            for (var i = 0; i < prepared.Answers.Count; i++)
            {
                var answer = prepared.Answers[i];
                services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]Q{answer.Index}: grading…[/]"));
                var byRubric = rubric.Grade(answer);
                var byLlm = setup.Llm is null ? null : await setup.Answers.GradeAsync(answer, ct);
                rows.Add((m.Answers[i], byRubric, byLlm));
            }

            Print(services.Console, library.Rubric, rows, setup);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, RubricSettings rubric, List<(ManifestAnswer Expected, GradedAnswer Rubric, GradedAnswer? Llm)> rows, GraderSetup setup)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("#");
        table.AddColumn("question");
        table.AddColumn("expected");
        table.AddColumn("rubric");
        table.AddColumn("rubric + LLM");
        table.AddColumn("LLM's reason");
        var i = 1;
        foreach (var (expected, byRubric, byLlm) in rows)
        {
            var q = byRubric.Question.Text.Length > 44 ? byRubric.Question.Text[..43] + "…" : byRubric.Question.Text;
            var llmCell = byLlm is null ? "–" : byLlm.Llm is { Status: LlmReview.Fallback } ? $"{byLlm.Grade} (LLM unavailable)" : Mark(rubric, expected.ExpectedGrade!, byLlm.Grade);
            var reason = byLlm?.Llm?.Reason ?? string.Empty;
            table.AddRow(
                (i++).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(q),
                Markup.Escape(expected.ExpectedGrade!),
                Markup.Escape(Mark(rubric, expected.ExpectedGrade!, byRubric.Grade)),
                Markup.Escape(llmCell),
                Markup.Escape(reason.Length > 60 ? reason[..59] + "…" : reason));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(Agreement("rubric only", rubric, rows.Select(r => (r.Expected.ExpectedGrade!, r.Rubric.Grade)).ToList())));
        if (setup.Llm is null)
        {
            console.MarkupLine("rubric + LLM: not run (no LLM configured; add --llm URL to compare)");
            return;
        }

        console.MarkupLine(Markup.Escape(Agreement($"rubric + LLM ({setup.Llm.Model})", rubric, rows.Select(r => (r.Expected.ExpectedGrade!, r.Llm!.Grade)).ToList())));
        var down = rows.Count(r => r.Llm!.Llm is { Status: LlmReview.Fallback });
        if (down > 0)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[yellow]The LLM was unavailable for {down} of {rows.Count} answers; those rows show the rubric's grade.[/]"));
        }
    }

    /// <summary>"B+ (=)" exact, "B (−1)" one step under, "A (+2)" two over.</summary>
    internal static string Mark(RubricSettings rubric, string expected, string got)
    {
        var diff = rubric.Rank(expected) - rubric.Rank(got);
        return diff == 0 ? $"{got} (=)" : string.Create(CultureInfo.InvariantCulture, $"{got} ({diff:+0;-0})");
    }

    /// <summary>"rubric only: exact 5/9 (56 %), within one step 8/9 (89 %), mean |steps| 0.7".</summary>
    internal static string Agreement(string label, RubricSettings rubric, IReadOnlyList<(string Expected, string Got)> pairs)
    {
        var steps = pairs.Select(p => Math.Abs(rubric.Rank(p.Expected) - rubric.Rank(p.Got))).ToList();
        var n = pairs.Count;
        var exact = steps.Count(s => s == 0);
        var within = steps.Count(s => s <= 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}: exact {exact}/{n} ({100.0 * exact / n:0} %), within one step {within}/{n} ({100.0 * within / n:0} %), mean distance {steps.Average():0.0} steps");
    }
}
