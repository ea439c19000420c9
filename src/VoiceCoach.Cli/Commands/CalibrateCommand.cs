using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Evaluation;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach grading calibrate [--set prompts/eval/dev] [--output prompts/grading/calibration.json]`: what a coach runs
/// after adding labels. Grades the labelled set with the plain rubric, prints how a grade calibrated on the coach's
/// labels does on answers it never saw (leave one batch out and k-fold, beside the rubric alone and a blend on the same
/// answers), then trains on the whole set and writes the weights every grading path uses from then on.
/// </summary>
internal static class CalibrateCommand
{
    /// <summary>Fewer answers to learn from than this cannot fill the folds with anything worth measuring.</summary>
    private const int MinimumAnswers = 10;

    public static Command Create(CliServices services)
    {
        var set = new Option<string>("--set") { Description = "The labelled set to learn from (a folder with manifest.yaml).", DefaultValueFactory = _ => "prompts/eval/dev" };
        var output = new Option<string?>("--output") { Description = $"Where the weights go. Default: {GradeCalibration.FileName} in the prompts folder." };
        var force = new Option<bool>("--force") { Description = "Write the weights even when the calibrated grade does not beat the rubric alone on held-out answers." };
        var worst = new Option<int>("--worst") { Description = "Also list this many answers whose held-out grade (leave one batch out; k-fold with one batch) is furthest from the coach's (0: none).", DefaultValueFactory = _ => 0 };
        var dump = new Option<string?>("--dump") { Description = "Also write every labelled answer's steps, range and feature vector to this TSV file (for trying other models).", Hidden = true };
        var engine = new EngineOptions();
        var command = new Command("calibrate", "Learn the grade from the coach's labels: print its cross-validated agreement beside the rubric's and write the weights.") { set, output, force, worst, dump };
        engine.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var setName = parse.GetValue(set)!;
            var (m, folder, _) = PromptsCommand.LoadLabelledSet(services, library, setName);
            var outPath = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(library.Directory, GradeCalibration.FileName), services.WorkingDirectory);
            var pack = library.Company(m.Company);
            var prepared = await GradeCommand.PrepareAsync(services, m, folder, folder, engine.Read(parse), ct);

            // The plain rubric: calibration learns from the rubric's evidence, never from an earlier calibration's grades.
            var grader = new RubricGrader(library.Rubric, pack, services.Semantic(library));
            var rubric = library.Rubric;
            var batches = Batches(rubric.Calibration, m.Answers.Count);
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]Grading {m.Answers.Count} labelled answers with the plain rubric…[/]"));
            var samples = new List<CalibrationSample>();
            for (var i = 0; i < prepared.Answers.Count; i++)
            {
                var graded = await Task.Run(() => grader.GradeByRubric(prepared.Answers[i], ct), ct);
                var features = graded.Graded.Findings.NoAnswer ? [] : CalibrationFeatures.Vector(graded.Graded, rubric);
                samples.Add(new CalibrationSample(EvalCase.From(m.Answers[i], graded.Graded, i + 1), batches.Of[i], features,
                    rubric.Rank(m.Answers[i].ExpectedGrade!), rubric.Rank(graded.Graded.Grade), graded.Range, Weight(rubric.Calibration, batches.Of[i])));
            }

            if (parse.GetValue(dump) is { } dumpPath)
            {
                await using var writer = new StreamWriter(Path.GetFullPath(dumpPath, services.WorkingDirectory));
                CalibrationDump.Write(writer, samples, batches.Names);
            }

            var trainer = new CalibrationTrainer(rubric.Calibration, rubric.Grades.Select(g => g.Letter).ToList());
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[grey]Cross-validating ({batches.Names.Count} batches, {rubric.Calibration.Folds} folds, ridge penalty chosen from {string.Join(", ", rubric.Calibration.Penalties)} by {rubric.Calibration.InnerFolds}-fold inner cross-validation{Weighted(rubric.Calibration)})…[/]"));
            if (samples.Count(s => s.Trainable) < MinimumAnswers)
            {
                throw new CliUserException(string.Create(CultureInfo.InvariantCulture,
                    $"{setName}: {samples.Count(s => s.Trainable)} of its {samples.Count} answers have speech the caps leave room to grade; calibration needs at least {MinimumAnswers}: label more answers"));
            }

            var rows = await Task.Run(() => trainer.Evaluate(samples, batches.Names), ct);
            var display = Path.GetRelativePath(services.WorkingDirectory, folder);
            var calibration = await Task.Run(() => trainer.Train(samples, display), ct);
            Print(services.Console, rows, calibration);
            if (parse.GetValue(worst) > 0)
            {
                // The same held-out scheme that decides whether the weights are written.
                var byBatch = batches.Names.Count > 1;
                var parts = byBatch ? batches.Of : CalibrationTrainer.Folds(samples.Count, Math.Min(rubric.Calibration.Folds, samples.Count), rubric.Calibration.Seed);
                var held = await Task.Run(() => trainer.CrossValidate(samples, parts), ct);
                PrintWorst(services.Console, byBatch ? CalibrationRow.LeaveOneBatchOut : "k-fold", samples, held, batches.Names, trainer.Scale, parse.GetValue(worst));
            }

            var deciding = CalibrationRow.Deciding(rows);
            if (!deciding.CalibratedBeatsRubric && !parse.GetValue(force))
            {
                throw new CliUserException(
                    $"the calibrated grade does not beat the rubric alone on held-out answers ({deciding.Scheme}: {Summary(deciding.Calibrated)} against {Summary(deciding.Rubric)}); weights not written, grading stays the rubric's (add labels, or pass --force to write them anyway)");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            var temp = outPath + ".tmp";
            await using (var stream = File.Create(temp))
            {
                calibration.Save(stream);
            }

            File.Move(temp, outPath, overwrite: true);
            var written = Markup.Escape(Path.GetRelativePath(services.WorkingDirectory, outPath));
            var graders = Path.GetFullPath(Path.Combine(library.Directory, GradeCalibration.FileName));

            // Only the prompts folder's weights file is read by the graders; weights written elsewhere change nothing yet.
            services.Console.MarkupLine(outPath == graders
                ? $"Wrote {written}: grade, practice, serve, regrade and prompts eval now grade with the rubric + {Markup.Escape(calibration.Source)}. Delete it for the plain rubric."
                : $"Wrote {written}. Grading is unchanged: grade, practice, serve, regrade and prompts eval read {Markup.Escape(Path.GetRelativePath(services.WorkingDirectory, graders))}; copy the weights there to grade with them.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// How much an answer of batch <paramref name="batch"/> (an index <see cref="Batches"/> gave) counts in the fit: its
    /// rubric.yaml weight; 1 for the answers added since the listed batches.
    /// </summary>
    internal static double Weight(CalibrationSettings settings, int batch) =>
        batch < settings.Batches.Count ? settings.Batches[batch].Weight : 1;

    /// <summary>Each answer's batch (rubric calibration.batches, in manifest order; answers past them are one more batch).</summary>
    internal static (List<string> Names, int[] Of) Batches(CalibrationSettings settings, int count)
    {
        var names = new List<string>();
        var of = new int[count];
        var next = 0;
        foreach (var batch in settings.Batches)
        {
            if (next >= count)
            {
                break;
            }

            names.Add(batch.Name);
            for (var i = next; i < Math.Min(count, next + batch.Answers); i++)
            {
                of[i] = names.Count - 1;
            }

            next += batch.Answers;
        }

        if (next < count)
        {
            names.Add(names.Count == 0 ? "all" : "added since");
            for (var i = next; i < count; i++)
            {
                of[i] = names.Count - 1;
            }
        }

        return (names, of);
    }

    private static void Print(IAnsiConsole console, IReadOnlyList<CalibrationRow> rows, GradeCalibration calibration)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("The coach's grade on answers the model never saw: rubric / calibrated / blend");
        foreach (var column in new[] { "held out", "answers", "within one step", "exact", "Spearman", "clean crit. miss" })
        {
            table.AddColumn(column);
        }

        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.Part == CalibrationRow.All ? $"{r.Scheme}: all" : $"{r.Scheme}: {r.Part}"),
                r.Rubric.Count.ToString(CultureInfo.InvariantCulture),
                Three(r, m => m.WithinOneShare.ToString("0%", CultureInfo.InvariantCulture)),
                Three(r, m => m.ExactShare.ToString("0%", CultureInfo.InvariantCulture)),
                Three(r, m => m.Spearman is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "–"),
                Three(r, m => m.CleanCriticalMisses.Count.ToString(CultureInfo.InvariantCulture)));
        }

        console.Write(table);
        console.MarkupLine("Leave one batch out trains on the other authors' answers and predicts each batch in turn: the honest figure for answers nobody tuned the model on (the rubric alone was tuned on all of them).");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Weights: trained on {calibration.Facts.TrainedAnswers} of {calibration.Facts.LabelledAnswers} answers (the others are silent or pinned to one grade by a cap), {calibration.Features.Count} features, ridge penalty {calibration.Facts.Penalty}{(calibration.Forest is { } forest ? $", averaged with a forest of {forest.Trees.Count} trees (its share {calibration.ForestWeight})" : string.Empty)}."));
    }

    /// <summary>The held-out answers furthest from the coach: what the calibration gets wrong on answers it never saw.</summary>
    private static void PrintWorst(IAnsiConsole console, string scheme, IReadOnlyList<CalibrationSample> samples, IReadOnlyList<HeldOutGrade> held, IReadOnlyList<string> batchNames, IReadOnlyList<string> scale, int count)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"Held out ({scheme}): the answers furthest from the coach");
        foreach (var column in new[] { "answer", "batch", "kind", "coach", "rubric", "calibrated" })
        {
            table.AddColumn(column);
        }

        var order = Enumerable.Range(0, samples.Count)
            .OrderByDescending(i => Math.Abs(held[i].Calibrated - samples[i].Expected))
            .ThenBy(i => i)
            .Take(count);
        foreach (var i in order)
        {
            var s = samples[i];
            table.AddRow(Markup.Escape(s.Case.Id), Markup.Escape(batchNames[s.Batch]), Markup.Escape(s.Case.Kind), scale[s.Expected],
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{scale[s.Rubric]} ({s.Expected - s.Rubric:+0;-0;=})")),
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{scale[held[i].Calibrated]} ({s.Expected - held[i].Calibrated:+0;-0;=})")));
        }

        console.Write(table);
    }

    /// <summary>", batches weighted: first dev ×2, …" when any batch counts other than once; empty otherwise.</summary>
    private static string Weighted(CalibrationSettings settings)
    {
        var weighted = settings.Batches.Where(b => b.Weight != 1).Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Name} ×{b.Weight}")).ToList();
        return weighted.Count == 0 ? string.Empty : Markup.Escape($", batches weighted: {string.Join(", ", weighted)}");
    }

    private static string Summary(EvalMetrics m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.WithinOne}/{m.Count} within one step, Spearman {(m.Spearman is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "–")}");

    private static string Three(CalibrationRow r, Func<EvalMetrics, string> cell) => $"{cell(r.Rubric)} / {cell(r.Calibrated)} / {cell(r.Blend)}";
}
