using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Semantics;

/// <summary>
/// One labelled sentence of red-flag-sentences.txt: a red-flag id or "none", the sentence, and where it came from when the
/// line ends in "@answer-id" (a sentence of a labelled answer, so leave-one-batch-out can hold its batch out), else null.
/// </summary>
public sealed record StanceSentence(int Line, string Flag, string Text, string? From = null);

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

    /// <summary>
    /// Reads "flag-id | sentence" lines ("#" starts a comment; a last word "@answer-id" names the labelled answer the
    /// sentence came from); every flag id must be one of <paramref name="flagIds"/>.
    /// </summary>
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
            var (sentence, from) = SplitSource(text);
            if (id.Length == 0 || sentence.Length == 0)
            {
                throw new PromptFileException(file, n, string.Empty, $"expected \"flag-id | sentence\"; got \"{(t.Length > 40 ? t[..40] + "…" : t)}\"");
            }

            if (id != RedFlagClassifier.None && !flagIds.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                throw new PromptFileException(file, n, id, $"not a red flag of the company pack; use one of its red_flags ids ({string.Join(", ", flagIds)}) or \"{RedFlagClassifier.None}\"");
            }

            sentences.Add(new StanceSentence(n, id, sentence, from));
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
        var (classes, rows) = Rows(sentences, cancellationToken);

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
        var perClass = classes.Select((_, c) => rows.Count(r => r.Item2 == c)).ToArray();
        return (FitAll(classes, rows, facts, cancellationToken), new StanceTrainingReport(facts, classes, perClass));
    }

    /// <summary>Trains on every sentence, with no held-out measure (leave-one-batch-out trains one per batch).</summary>
    public RedFlagClassifier Fit(IReadOnlyList<StanceSentence> sentences, CancellationToken cancellationToken)
    {
        var (classes, rows) = Rows(sentences, cancellationToken);
        return FitAll(classes, rows, new TrainingFacts(rows.Count, rows.Count, 0, 0, 0), cancellationToken);
    }

    /// <summary>The classifier trained on every row, carrying <paramref name="facts"/>.</summary>
    private RedFlagClassifier FitAll(List<string> classes, List<(float[], int)> rows, TrainingFacts facts, CancellationToken cancellationToken)
    {
        var (w, b) = SoftmaxRegression.Fit(rows, classes.Count, Iterations, LearningRate, L2, cancellationToken);
        return new RedFlagClassifier(classes, w, b, _encoder.ModelName, facts);
    }

    /// <summary>The sentences without those of the answers <paramref name="heldOut"/> names (a sentence with no source always stays).</summary>
    public static List<StanceSentence> HoldOut(IEnumerable<StanceSentence> sentences, Func<string, bool> heldOut)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        return sentences.Where(s => s.From is null || !heldOut(s.From)).ToList();
    }

    /// <summary>"sentence @answer-id" splits into the sentence and the answer id; a sentence without one has no source.</summary>
    internal static (string Sentence, string? From) SplitSource(string text)
    {
        var at = text.LastIndexOf(" @", StringComparison.Ordinal);
        return at > 0 && text.IndexOf(' ', at + 1) < 0 && at + 2 < text.Length ? (text[..at].TrimEnd(), text[(at + 2)..]) : (text, null);
    }

    /// <summary>The classes (the flag ids in the order the sentences first use them, then "none") and the feature rows.</summary>
    private (List<string> Classes, List<(float[], int)> Rows) Rows(IReadOnlyList<StanceSentence> sentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        List<string> classes = [.. sentences.Select(s => s.Flag).Where(f => f != RedFlagClassifier.None).Distinct(), RedFlagClassifier.None];
        var vectors = _encoder.Encode(sentences.Select(s => s.Text).ToList(), cancellationToken);
        return (classes, sentences.Select((s, i) => (RedFlagFeatures.Build(vectors[i], WordText.Words(s.Text)), classes.IndexOf(s.Flag))).ToList());
    }
}
