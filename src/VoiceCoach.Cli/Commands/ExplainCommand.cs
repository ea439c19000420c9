using System.CommandLine;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Evaluation;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach grading explain --id ID [--id ID…] [--set prompts/eval/dev]` (hidden; issue 12): for labelled answers, the
/// coach's grade and note beside everything the grader's grade came from (<see cref="AnswerExplainer"/>): what a grading
/// session reads before it writes a rule. Grades with the prompts folder's rubric and calibration; writes nothing.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliServices services)
    {
        var set = new Option<string>("--set") { Description = "The labelled set (a folder with manifest.yaml).", DefaultValueFactory = _ => "prompts/eval/dev" };
        var ids = new Option<string[]>("--id") { Description = "The answer's id in the set; several allowed.", Required = true, AllowMultipleArgumentsPerToken = true };
        var engine = new EngineOptions();
        var command = new Command("explain", "Why the grader graded labelled answers as it did: every check, measure and pull beside the coach's label.") { set, ids };
        command.Hidden = true;
        engine.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var setName = parse.GetValue(set)!;
            var (m, folder, _) = PromptsCommand.LoadLabelledSet(services, library, setName);
            var wanted = parse.GetValue(ids)!;
            var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = 0; k < m.Answers.Count; k++)
            {
                indexOf.TryAdd(m.Answers[k].Id ?? string.Empty, k);
            }

            var unknown = wanted.Where(id => !indexOf.ContainsKey(id)).ToList();
            if (unknown.Count > 0)
            {
                throw new CliUserException($"{setName}: no answer with id {string.Join(", ", unknown)}; ids there run {m.Answers[0].Id} to {m.Answers[^1].Id} (see its manifest.yaml)");
            }

            var prepared = await GradeCommand.PrepareAsync(services, m, folder, folder, engine.Read(parse), ct);
            var semantic = services.Semantic(library);
            var explainer = new AnswerExplainer(new RubricGrader(library.Rubric, library.Company(m.Company), semantic, LlmCliOptions.Calibration(services, library)), semantic, library.Rubric);
            foreach (var id in wanted)
            {
                var i = indexOf[id];
                var label = m.Answers[i];
                services.Console.WriteLine($"== {id}: coach {label.ExpectedGrade}, flags {(label.ExpectedFlags is { Count: > 0 } f ? string.Join(", ", f) : "none")}");
                if (!string.IsNullOrWhiteSpace(label.Note))
                {
                    services.Console.WriteLine($"coach's note: {label.Note}");
                }

                foreach (var line in await Task.Run(() => explainer.Explain(prepared.Answers[i], ct), ct))
                {
                    services.Console.WriteLine(line);
                }

                services.Console.WriteLine();
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
