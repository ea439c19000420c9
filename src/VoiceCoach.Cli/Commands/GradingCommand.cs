using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach grading train`: retrains the STAR-Lite sentence classifier from the labelled sentences in
/// prompts/classifier/star-sentences.txt and writes prompts/classifier/star-classifier.json. Deterministic (fixed
/// seed): the same file gives the same weights; prints the held-out accuracy and confusion. `voicecoach grading
/// calibrate`: <see cref="CalibrateCommand"/>.
/// </summary>
internal static class GradingCommand
{
    public static Command Create(CliServices services)
    {
        var grading = new Command("grading", "The grader's trained parts.");
        grading.Subcommands.Add(Train(services));
        grading.Subcommands.Add(CalibrateCommand.Create(services));
        grading.Subcommands.Add(RedFlagLoboCommand.Create(services));
        grading.Subcommands.Add(ExplainCommand.Create(services));
        return grading;
    }

    private static Command Train(CliServices services)
    {
        var data = new Option<string?>("--data") { Description = "Labelled sentences. Default: classifier/star-sentences.txt in the prompts folder." };
        var output = new Option<string?>("--out") { Description = "Where the weights go. Default: classifier/star-classifier.json in the prompts folder." };
        var seed = new Option<int>("--seed") { Description = "Seed for the held-out answers.", DefaultValueFactory = _ => 12 };
        var command = new Command("train", "Retrain the STAR-Lite sentence classifier and print its held-out accuracy.") { data, output, seed };
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var dataPath = Path.GetFullPath(parse.GetValue(data) ?? Path.Combine(library.Directory, SemanticModel.TrainingFile), services.WorkingDirectory);
            var outPath = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(library.Directory, SemanticModel.ClassifierFile), services.WorkingDirectory);
            var display = Path.GetRelativePath(services.WorkingDirectory, dataPath);
            if (!File.Exists(dataPath))
            {
                throw new CliUserException($"{display}: not found; write labelled sentences there (see prompts/classifier/README.md) or pass --data FILE");
            }

            List<TrainingAnswer> answers;
            using (var reader = new StreamReader(dataPath))
            {
                answers = StarClassifierTrainer.Read(reader, display);
            }

            var pack = library.Companies.First();
            var trainer = new StarClassifierTrainer(services.SentenceEncoder(), new SentenceFeatures(library.Rubric, pack));
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]Training on {answers.Count} answers ({answers.Sum(a => a.Sentences.Count)} sentences) from {Markup.Escape(display)}…[/]"));
            var (classifier, report) = await Task.Run(() => trainer.Train(answers, parse.GetValue(seed), ct), ct);

            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            var temp = outPath + ".tmp";
            await using (var stream = File.Create(temp))
            {
                classifier.Save(stream);
            }

            File.Move(temp, outPath, overwrite: true);
            Print(services.Console, report);
            services.Console.MarkupLine($"Wrote {Markup.Escape(Path.GetRelativePath(services.WorkingDirectory, outPath))}.");
            await TrainRedFlagsAsync(services, library, parse.GetValue(seed), ct);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Retrains the red-flag stance classifier from classifier/red-flag-sentences.txt (and the answers' sentences), when the prompts folder has it.</summary>
    private static async Task TrainRedFlagsAsync(CliServices services, PromptLibrary library, int seed, CancellationToken ct)
    {
        var sentences = ReadRedFlagSentences(services, library);
        if (sentences is null)
        {
            return;
        }

        var display = Path.GetRelativePath(services.WorkingDirectory, Path.Combine(library.Directory, SemanticModel.RedFlagTrainingFile));
        services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]Training the red-flag stance classifier on {sentences.Count} sentences from {Markup.Escape(display)} ({sentences.Count(s => s.From is not null)} of them from labelled answers)…[/]"));
        var (classifier, report) = await Task.Run(() => new RedFlagClassifierTrainer(services.SentenceEncoder()).Train(sentences, seed, ct), ct);
        var outPath = Path.Combine(library.Directory, SemanticModel.RedFlagClassifierFile);
        var temp = outPath + ".tmp";
        await using (var stream = File.Create(temp))
        {
            classifier.Save(stream);
        }

        File.Move(temp, outPath, overwrite: true);
        var counts = string.Join(", ", report.Classes.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c} {report.PerClass[i]}")));
        services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Red-flag stance: held-out accuracy [bold]{report.Facts.HeldOutAccuracy:0.0%}[/] on {report.Facts.HeldOutSentences} sentences (seed {seed}); trained on all {report.Facts.Sentences} ({Markup.Escape(counts)})."));
        services.Console.MarkupLine($"Wrote {Markup.Escape(Path.GetRelativePath(services.WorkingDirectory, outPath))}.");
    }

    /// <summary>
    /// The red-flag stance sentences: classifier/red-flag-sentences.txt, then the labelled answers' sentences
    /// (classifier/red-flag-answer-sentences.txt, "@answer-id" on each) when that file exists; null without the first.
    /// </summary>
    internal static List<StanceSentence>? ReadRedFlagSentences(CliServices services, PromptLibrary library)
    {
        var ids = library.Companies.SelectMany(c => c.RedFlags).Select(f => f.Id).Distinct().ToList();
        var sentences = new List<StanceSentence>();
        foreach (var file in new[] { SemanticModel.RedFlagTrainingFile, SemanticModel.RedFlagAnswerSentencesFile })
        {
            var path = Path.Combine(library.Directory, file);
            if (!File.Exists(path))
            {
                if (file == SemanticModel.RedFlagTrainingFile)
                {
                    return null;
                }

                continue;
            }

            using var reader = new StreamReader(path);
            sentences.AddRange(RedFlagClassifierTrainer.Read(reader, Path.GetRelativePath(services.WorkingDirectory, path), ids));
        }

        return sentences;
    }

    private static void Print(IAnsiConsole console, TrainingReport report)
    {
        var classes = StarClassifier.Classes;
        var table = new Table().Border(TableBorder.Rounded).Title("held-out answers: labelled (rows) vs predicted");
        table.AddColumn(string.Empty);
        foreach (var c in classes)
        {
            table.AddColumn(c);
        }

        table.AddColumn("sentences in training");
        for (var r = 0; r < classes.Count; r++)
        {
            var cells = new List<string> { classes[r] };
            cells.AddRange(Enumerable.Range(0, classes.Count).Select(c => report.Confusion[r, c].ToString(CultureInfo.InvariantCulture)));
            cells.Add(report.PerClass[r].ToString(CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }

        console.Write(table);
        var f = report.Facts;
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Held-out accuracy: [bold]{f.HeldOutAccuracy:0.0%}[/] on {f.HeldOutSentences} sentences of {Math.Max(1, (int)Math.Round(f.Answers * 0.2))} answers (seed {f.Seed}); trained on all {f.Sentences} sentences of {f.Answers} answers."));
    }
}
