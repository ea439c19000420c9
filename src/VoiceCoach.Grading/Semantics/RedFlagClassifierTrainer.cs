using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Semantics;

/// <summary>One labelled sentence of red-flag-sentences.txt: a red-flag id or "none", and the sentence.</summary>
public sealed record StanceSentence(int Line, string Flag, string Text);

/// <summary>How a red-flag training run went: held-out accuracy, and how many training sentences each class has.</summary>
public sealed record StanceTrainingReport(TrainingFacts Facts, IReadOnlyList<string> Classes, int[] PerClass);

/// <summary>
/// Trains the <see cref="RedFlagClassifier"/> on prompts/classifier/red-flag-sentences.txt: the flag ids in the order the
/// file first uses them, then "none". Deterministic, like <see cref="StarClassifierTrainer"/>: a fixed seed draws the
/// held-out sentences and the descent has no randomness.
/// </summary>
public sealed class RedFlagClassifierTrainer
{
    private const int Iterations = 600;
    private const double LearningRate = 0.5;
    private const double L2 = 0.004;
    private const double HeldOutShare = 0.2;

    private readonly ISentenceEncoder _encoder;

    public RedFlagClassifierTrainer(ISentenceEncoder encoder)
    {
        _encoder = encoder;
    }

    /// <summary>Reads "flag-id | sentence" lines ("#" starts a comment); every flag id must be one of <paramref name="flagIds"/>.</summary>
    /// <exception cref="PromptFileException">A line that is not "flag-id | sentence", an id the company pack does not know, or no "none" sentences.</exception>
    public static List<StanceSentence> Read(TextReader reader, string file, IReadOnlyCollection<string> flagIds)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(flagIds);
        var sentences = new List<StanceSentence>();
        var n = 0;
        while (reader.ReadLine() is { } line)
        {
            n++;
            var t = line.Trim();
            if (t.Length == 0 || t.StartsWith('#'))
            {
                continue;
            }

            var bar = t.IndexOf('|', StringComparison.Ordinal);
            var id = bar > 0 ? t[..bar].Trim().ToLowerInvariant() : string.Empty;
            var text = bar > 0 ? t[(bar + 1)..].Trim() : string.Empty;
            if (id.Length == 0 || text.Length == 0)
            {
                throw new PromptFileException(file, n, string.Empty, $"expected \"flag-id | sentence\"; got \"{(t.Length > 40 ? t[..40] + "…" : t)}\"");
            }

            if (id != RedFlagClassifier.None && !flagIds.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                throw new PromptFileException(file, n, id, $"not a red flag of the company pack; use one of its red_flags ids ({string.Join(", ", flagIds)}) or \"{RedFlagClassifier.None}\"");
            }

            sentences.Add(new StanceSentence(n, id, text));
        }

        if (!sentences.Any(s => s.Flag == RedFlagClassifier.None) || sentences.All(s => s.Flag == RedFlagClassifier.None))
        {
            throw new PromptFileException(file, n, string.Empty, $"write sentences of at least one red flag and some \"{RedFlagClassifier.None}\" sentences that raise none");
        }

        return sentences;
    }

    /// <summary>Measures on held-out sentences, then trains on every sentence.</summary>
    public (RedFlagClassifier Classifier, StanceTrainingReport Report) Train(IReadOnlyList<StanceSentence> sentences, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        List<string> classes = [.. sentences.Select(s => s.Flag).Where(f => f != RedFlagClassifier.None).Distinct(), RedFlagClassifier.None];
        var vectors = _encoder.Encode(sentences.Select(s => s.Text).ToList(), cancellationToken);
        var rows = sentences.Select((s, i) => (RedFlagFeatures.Build(vectors[i], WordText.Words(s.Text)), classes.IndexOf(s.Flag))).ToList();

        var order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(seed).Shuffle(order);
        var heldOut = order.Take(Math.Max(1, (int)Math.Round(rows.Count * HeldOutShare))).ToHashSet();
        var train = rows.Where((_, i) => !heldOut.Contains(i)).ToList();
        var test = rows.Where((_, i) => heldOut.Contains(i)).ToList();
        var (w, b) = SoftmaxRegression.Fit(train, classes.Count, Iterations, LearningRate, L2, cancellationToken);
        var correct = test.Count(r =>
        {
            var p = SoftmaxRegression.Predict(w, b, r.Item1);
            return Array.IndexOf(p, p.Max()) == r.Item2;
        });

        var facts = new TrainingFacts(rows.Count, rows.Count, test.Count, test.Count == 0 ? 0 : correct / (double)test.Count, seed);
        var (wAll, bAll) = SoftmaxRegression.Fit(rows, classes.Count, Iterations, LearningRate, L2, cancellationToken);
        var perClass = classes.Select((_, c) => rows.Count(r => r.Item2 == c)).ToArray();
        return (new RedFlagClassifier(classes, wAll, bAll, _encoder.ModelName, facts), new StanceTrainingReport(facts, classes, perClass));
    }
}
