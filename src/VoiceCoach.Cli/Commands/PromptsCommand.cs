using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Evaluation;
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
        command.SetAction(async (parse, ct) =>
        {
            var dir = PromptsLocator.Find(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var (checkedPrompts, problems) = await PromptsValidation.CheckAsync(dir, services.Semantic, services.Time, ct);
            if (checkedPrompts is null)
            {
                // Every problem, one line each, so a coach fixes them in one pass.
                foreach (var problem in problems)
                {
                    CliApp.ErrorLine(services.Console, problem.ToString());
                }

                return ExitCodes.UserError;
            }

            var library = checkedPrompts.Library;
            var prompts = checkedPrompts.Prompts;
            if (!CheckCalibration(services, library))
            {
                return ExitCodes.UserError;
            }

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
                table.AddRow(
                    Markup.Escape(p.File),
                    Markup.Escape(p.Name),
                    p.InputVariables.Count.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", messages.Select(m => m.Role.Label))),
                    messages.Sum(m => m.Content?.Length ?? 0).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(PromptTemplateFile.Describe(PromptTemplateFile.DefaultService, p.SettingsFor(PromptTemplateFile.DefaultService))));
            }

            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[green]ok[/] {Markup.Escape(dir)}: rubric.yaml, {library.Questions.All.Count} questions, {library.Companies.Count} company pack(s)"));
            PrintCompanies(services, library);
            services.Console.Write(table);
            if (parse.GetValue(show))
            {
                foreach (var (p, messages) in rendered)
                {
                    services.Out.WriteLine($"===== {p.File}");
                    foreach (var m in messages)
                    {
                        services.Out.WriteLine($"--- {m.Role.Label}");
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
        var set = new Option<string>("--set") { Description = "A folder with manifest.yaml whose answers carry expected_grade (e.g. prompts/eval/dev).", Required = true };
        var worst = new Option<int>("--worst") { Description = "How many of the worst disagreements to list per grader.", DefaultValueFactory = _ => 10 };
        var engine = new EngineOptions();
        var llm = new LlmCliOptions();
        var command = new Command("eval", "Grade a labelled set rubric-only and rubric + LLM; show agreement with the coach's grades and flags, and the CI gate.") { set, worst };
        engine.AddTo(command);
        llm.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            if (parse.GetValue(worst) < 0)
            {
                throw new CliUserException($"--worst {parse.GetValue(worst).ToString(CultureInfo.InvariantCulture)}: must be 0 or more");
            }

            var (m, folder, manifestPath) = LoadLabelledSet(services, library, parse.GetRequiredValue(set));
            var settings = LoadEvalSettings(folder, services.WorkingDirectory);
            settings?.CheckLabels(m, Path.GetRelativePath(services.WorkingDirectory, manifestPath));
            var pack = library.Company(m.Company);
            var prepared = await GradeCommand.PrepareAsync(services, m, folder, folder, engine.Read(parse), ct);
            using var setup = await llm.CreateGraderAsync(parse, services, library, pack, "eval", ct);
            var rubric = setup.Rubric;
            if (rubric.Calibration is { } calibration)
            {
                services.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"Grades: the rubric + {calibration.Source} ({calibration.Facts.Set}, {GradeCalibration.FileName} in the prompts folder). On the answers it was trained on these figures are in-sample; `voicecoach grading calibrate` prints the held-out ones.")));
            }

            var rows = new List<EvalRow>();
            for (var i = 0; i < prepared.Answers.Count; i++)
            {
                var answer = prepared.Answers[i];
                services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]Q{answer.Index}: grading…[/]"));
                var byRubric = rubric.Grade(answer, ct);
                var byLlm = setup.Llm is null ? null : await setup.Answers.GradeAsync(answer, ct);
                rows.Add(new EvalRow(EvalCase.From(m.Answers[i], byRubric, i + 1), byLlm is null ? null : EvalCase.From(m.Answers[i], byLlm, i + 1), byLlm?.Llm));
            }

            var scale = library.Rubric.Grades.Select(g => g.Letter).ToList();
            EvalPrinter.Print(services.Console, new EvalRun(rows, scale, settings?.Flags ?? [], settings?.Gate, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), setup.Llm?.Model, parse.GetValue(worst)) { Floor = settings?.Floor });
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// A labelled set: the folder's manifest.yaml, every answer carrying an expected grade on rubric.yaml's scale (prompts
    /// eval and grading calibrate read the same sets).
    /// </summary>
    /// <exception cref="CliUserException">No manifest.yaml in the folder (its splits are named when it has some).</exception>
    /// <exception cref="PromptFileException">An answer without an expected grade, or with one off the scale.</exception>
    internal static (GradeManifest Manifest, string Folder, string ManifestPath) LoadLabelledSet(CliServices services, PromptLibrary library, string set)
    {
        var folder = Path.GetFullPath(set, services.WorkingDirectory);
        var manifestPath = Path.Combine(folder, "manifest.yaml");
        if (!File.Exists(manifestPath))
        {
            var splits = Directory.Exists(folder)
                ? Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "manifest.yaml"))).Select(d => Path.GetRelativePath(services.WorkingDirectory, d)).Order(StringComparer.Ordinal).ToList()
                : [];
            throw new CliUserException(splits.Count > 0
                ? $"{set}: no manifest.yaml here; its splits are {string.Join(" and ", splits)}: pass one of them to --set"
                : $"{set}: no manifest.yaml here; a labelled set is a manifest whose answers carry expected_grade");
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

        return (m, folder, manifestPath);
    }

    /// <summary>eval.yaml beside the set (in its folder or the folder above, where the splits share one); null when there is none.</summary>
    private static EvalSettings? LoadEvalSettings(string folder, string workingDirectory)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder));
        var path = new[] { folder, parent }
            .Where(d => d is not null)
            .Select(d => Path.Combine(d!, EvalSettings.FileName))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }

        using var reader = new StreamReader(path);
        return EvalSettings.Load(reader, Path.GetRelativePath(workingDirectory, path));
    }

    /// <summary>The calibration weights, when there are some, fit this grader (the grading paths would warn and drop them).</summary>
    private static bool CheckCalibration(CliServices services, PromptLibrary library)
    {
        try
        {
            if (GradeCalibration.LoadIfPresent(library.Directory, Path.GetRelativePath(services.WorkingDirectory, library.Directory), library.Rubric) is { } calibration)
            {
                services.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"ok {GradeCalibration.FileName}: grades are the rubric + {calibration.Source} ({calibration.Facts.Set}, {calibration.Features.Count} features, ridge penalty {calibration.Facts.Penalty}{(calibration.Forest is { } forest ? $", averaged with {forest.Trees.Count} trees" : string.Empty)})")).Replace("ok ", "[green]ok[/] ", StringComparison.Ordinal));
            }

            return true;
        }
        catch (CalibrationException ex)
        {
            CliApp.ErrorLine(services.Console, ex.Message);
            return false;
        }
    }

    private static void PrintCompanies(CliServices services, PromptLibrary library)
    {
        foreach (var company in library.Companies)
        {
            // The prep items' areas were checked against rubric.yaml's areas when the pack was loaded.
            var prep = company.Prep.Count == 0 ? "no prep items (the rubric's action items are used)"
                : "prep: " + string.Join("; ", company.Prep.Select(p => $"{p.Title} ({p.Steps.Count} steps) for {string.Join(", ", p.Areas)}"));
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[green]ok[/] companies/{Markup.Escape(company.Id)}.yaml: {company.Values.Count} principles and values, {company.KeyPhrases.Count} key phrases, {company.RedFlags.Count} red flags, {Markup.Escape(prep)}"));
        }
    }
}
