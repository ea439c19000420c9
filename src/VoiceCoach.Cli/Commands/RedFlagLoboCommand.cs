using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach grading red-flag-lobo` (hidden; issue 12): the red-flag figure a new author would see. For each batch of
/// the labelled set it trains the red-flag stance classifier without that batch's answer sentences (the general sentences
/// stay), grades the batch with the plain rubric and prints the red_flag precision and recall against the coach, the
/// clean answers given a red flag, and how often a possible red flag (a "needs work" point) was said. `--before` grades
/// every batch with the classifier file as it is. Writes nothing.
/// </summary>
internal static class RedFlagLoboCommand
{
    public static Command Create(CliServices services)
    {
        var set = new Option<string>("--set") { Description = "The labelled set (a folder with manifest.yaml).", DefaultValueFactory = _ => "prompts/eval/dev" };
        var before = new Option<bool>("--before") { Description = "Grade every batch with classifier/red-flag-classifier.json as it is (no retraining)." };
        var sure = new Option<double[]>("--sure") { Description = "Instead of the rubric's critical.red_flag_stance_sure; several values grade each batch once per value.", AllowMultipleArgumentsPerToken = true };
        var doubt = new Option<double?>("--doubt") { Description = "Instead of the rubric's critical.red_flag_stance_doubt (kept at most the sure bar)." };
        var unheard = new Option<double[]>("--unheard") { Description = "Instead of the rubric's critical.red_flag_stance_unheard; several values as --sure.", AllowMultipleArgumentsPerToken = true };
        var misses = new Option<bool>("--misses") { Description = "Also list each held-out answer the grader and the coach disagree on." };
        var only = new Option<string?>("--only") { Description = "Hold out only the batches whose name holds this text (\"round 12\")." };
        var engine = new EngineOptions();
        var command = new Command("red-flag-lobo", "Red flags by meaning, leave one batch out: precision and recall per held-out batch.") { set, before, sure, doubt, unheard, misses, only };
        command.Hidden = true;
        engine.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var (m, folder, _) = PromptsCommand.LoadLabelledSet(services, library, parse.GetValue(set)!);
            var prepared = await GradeCommand.PrepareAsync(services, m, folder, folder, engine.Read(parse), ct);
            var settings = Settings(library.Rubric.Critical, parse.GetValue(sure), parse.GetValue(doubt), parse.GetValue(unheard));
            var pack = library.Company(m.Company);
            var encoder = new CachingSentenceEncoder(services.SentenceEncoder());
            var semantic = SemanticModel.Load(library, encoder);
            var sentences = GradingCommand.ReadRedFlagSentences(services, library)
                ?? throw new CliUserException($"{SemanticModel.RedFlagTrainingFile}: not found in the prompts folder; write the red-flag stance sentences there");
            var batches = CalibrateCommand.Batches(library.Rubric.Calibration, m.Answers.Count);
            var batchOf = m.Answers.Select((a, i) => (Id: a.Id ?? string.Empty, Batch: batches.Of[i])).ToDictionary(p => p.Id, p => p.Batch, StringComparer.Ordinal);
            var trainer = new RedFlagClassifierTrainer(encoder);
            var rows = settings.Select(_ => new List<RedFlagLoboRow>()).ToList();
            var notes = settings.Select(_ => new List<string>()).ToList();
            for (var k = 0; k < batches.Names.Count; k++)
            {
                if (parse.GetValue(only) is { } o && !batches.Names[k].Contains(o, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var held = k;
                var kept = RedFlagClassifierTrainer.HoldOut(sentences, id => batchOf.TryGetValue(id, out var b) && b == held);
                var classifier = parse.GetValue(before) ? semantic.RedFlags : await Task.Run(() => trainer.Fit(kept, ct), ct);
                for (var c = 0; c < settings.Count; c++)
                {
                    var grader = new RubricGrader(library.Rubric with { Critical = settings[c] }, pack, new SemanticModel(encoder, semantic.Classifier, semantic.Questions, classifier));
                    var answers = Enumerable.Range(0, prepared.Answers.Count).Where(i => batches.Of[i] == held).Select(i => (prepared.Answers[i], m.Answers[i]));
                    rows[c].Add(await GradeBatchAsync(grader, batches.Names[k], answers, notes[c], ct));
                }
            }

            var how = parse.GetValue(before) ? "the classifier file for every batch" : "trained without the held-out batch's sentences";
            for (var c = 0; c < settings.Count; c++)
            {
                Print(services.Console, how, settings[c], rows[c]);
                if (parse.GetValue(misses))
                {
                    foreach (var n in notes[c])
                    {
                        services.Console.WriteLine(n);
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Grades one held-out batch; counts the red flags the coach and the grader raised, and notes each disagreement.</summary>
    private static async Task<RedFlagLoboRow> GradeBatchAsync(RubricGrader grader, string batch, IEnumerable<(AnswerToGrade Answer, ManifestAnswer Label)> answers, List<string> notes, CancellationToken ct)
    {
        var row = new RedFlagLoboRow(batch);
        foreach (var (answer, label) in answers)
        {
            var graded = (await Task.Run(() => grader.GradeByRubric(answer, ct), ct)).Graded;
            var expected = label.ExpectedFlags ?? [];
            var possible = graded.Findings.CriticalMisses.FirstOrDefault(x => x.Flag == "red_flag")?.Reason;
            var outcome = row.Add(expected.Contains("red_flag"), graded.Flags.Contains("red_flag"), expected.Count == 0, possible is not null);
            if (outcome is not null)
            {
                var heard = graded.Findings.RedFlags.Count > 0 ? string.Join("; ", graded.Findings.RedFlags.Select(h => $"\"{h.Phrase}\": {h.Id}")) : possible ?? "nothing heard";
                notes.Add($"{batch}: {label.Id}: {outcome} ({heard})");
            }
        }

        return row;
    }

    /// <summary>The rubric's stance bars, or one set per --sure × --unheard value given (the doubt bar kept at most the sure one).</summary>
    private static List<CriticalMissSettings> Settings(CriticalMissSettings rubric, double[]? sure, double? doubt, double[]? unheard)
    {
        var sures = sure is { Length: > 0 } ? sure : [rubric.RedFlagStanceSure];
        var unheards = unheard is { Length: > 0 } ? unheard : [rubric.RedFlagStanceUnheard];
        return [.. sures.SelectMany(s => unheards.Select(u => rubric with
        {
            RedFlagStanceSure = s,
            RedFlagStanceDoubt = Math.Min(s, doubt ?? rubric.RedFlagStanceDoubt),
            RedFlagStanceUnheard = u,
        }))];
    }

    private static void Print(IAnsiConsole console, string how, CriticalMissSettings critical, List<RedFlagLoboRow> rows)
    {
        var title = string.Create(CultureInfo.InvariantCulture, $"red_flag, leave one batch out ({how}; sure {critical.RedFlagStanceSure:0.###}, doubt {critical.RedFlagStanceDoubt:0.###}, unheard {critical.RedFlagStanceUnheard:0.###})");
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        foreach (var column in new[] { "held-out batch", "answers", "coach red_flag", "precision", "recall", "clean with red_flag", "possible: on coach's / others" })
        {
            table.AddColumn(column);
        }

        foreach (var r in rows.Append(RedFlagLoboRow.Sum("all", rows)))
        {
            table.AddRow(Markup.Escape(r.Batch), Text(r.Answers), Text(r.Positives), Ratio(r.TruePositives, r.TruePositives + r.FalsePositives),
                Ratio(r.TruePositives, r.Positives), $"{Text(r.CleanFlagged)} of {Text(r.Clean)}", $"{Text(r.PossibleOnPositives)} / {Text(r.PossibleOnOthers)}");
        }

        console.Write(table);
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Ratio(int hits, int of) => of == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{hits}/{of} ({hits / (double)of:0.00})");
}

/// <summary>One held-out batch's red_flag tally: the grader's flags against the coach's.</summary>
internal sealed class RedFlagLoboRow(string batch)
{
    public string Batch { get; } = batch;

    public int Answers { get; private set; }

    public int Positives { get; private set; }

    public int TruePositives { get; private set; }

    public int FalsePositives { get; private set; }

    public int Clean { get; private set; }

    public int CleanFlagged { get; private set; }

    public int PossibleOnPositives { get; private set; }

    public int PossibleOnOthers { get; private set; }

    public static RedFlagLoboRow Sum(string name, IReadOnlyList<RedFlagLoboRow> rows) => new(name)
    {
        Answers = rows.Sum(r => r.Answers),
        Positives = rows.Sum(r => r.Positives),
        TruePositives = rows.Sum(r => r.TruePositives),
        FalsePositives = rows.Sum(r => r.FalsePositives),
        Clean = rows.Sum(r => r.Clean),
        CleanFlagged = rows.Sum(r => r.CleanFlagged),
        PossibleOnPositives = rows.Sum(r => r.PossibleOnPositives),
        PossibleOnOthers = rows.Sum(r => r.PossibleOnOthers),
    };

    /// <summary>Counts one answer; returns "missed" or "false red flag" when the grader and the coach disagree, else null.</summary>
    public string? Add(bool coach, bool grader, bool clean, bool mentioned)
    {
        Answers++;
        Positives += coach ? 1 : 0;
        TruePositives += coach && grader ? 1 : 0;
        FalsePositives += !coach && grader ? 1 : 0;
        Clean += clean ? 1 : 0;
        CleanFlagged += clean && grader ? 1 : 0;
        var possible = mentioned && !grader;
        PossibleOnPositives += possible && coach ? 1 : 0;
        PossibleOnOthers += possible && !coach ? 1 : 0;
        return coach == grader ? null : coach ? (possible ? "missed (said as possible)" : "missed") : "false red flag";
    }
}
