using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Semantics;

/// <summary>One labelled answer of the training file: its sentences in order, each with its STAR-Lite class.</summary>
public sealed record TrainingAnswer(int Line, IReadOnlyList<(int Class, string Text)> Sentences);

/// <summary>How a training run went: the held-out answers' accuracy and confusion (rows: labelled, columns: predicted).</summary>
public sealed record TrainingReport(TrainingFacts Facts, int[] PerClass, int[,] Confusion);

/// <summary>
/// Trains the <see cref="StarClassifier"/>: softmax regression by full-batch gradient descent with L2 regularisation
/// and class weights (so the rare Task and Connection sentences count), on the sentence features of
/// prompts/classifier/star-sentences.txt. Deterministic: the held-out answers are drawn with a fixed seed and the
/// descent has no randomness, so the same file gives the same weights.
/// </summary>
public sealed class StarClassifierTrainer
{
    /// <summary>The labels the training file uses, in <see cref="StarClassifier.Classes"/> order.</summary>
    public const string Labels = "STARCO";

    private const int Iterations = 600;
    private const double LearningRate = 0.5;
    private const double L2 = 0.002;

    /// <summary>Share of the answers held out to measure accuracy.</summary>
    private const double HeldOutShare = 0.2;

    private readonly ISentenceEncoder _encoder;
    private readonly SentenceFeatures _features;

    public StarClassifierTrainer(ISentenceEncoder encoder, SentenceFeatures features)
    {
        _encoder = encoder;
        _features = features;
    }

    /// <summary>
    /// Reads the training file: answers separated by blank lines, one sentence a line as "A | I rebuilt the pipeline.",
    /// the letter one of S, T, A, R, C (connection), O (other: opinion, preamble); "#" starts a comment line.
    /// </summary>
    /// <exception cref="PromptFileException">A line that is not "LETTER | sentence", or a file with no answers.</exception>
    public static List<TrainingAnswer> Read(TextReader reader, string file)
    {
        var answers = new List<TrainingAnswer>();
        var current = new List<(int, string)>();
        var start = 0;
        var n = 0;
        while (reader.ReadLine() is { } line)
        {
            n++;
            var t = line.Trim();
            if (t.StartsWith('#'))
            {
                continue;
            }

            if (t.Length == 0)
            {
                Close();
                continue;
            }

            var bar = t.IndexOf('|', StringComparison.Ordinal);
            var letter = bar > 0 ? t[..bar].Trim() : string.Empty;
            var label = letter.Length == 1 ? Labels.IndexOf(char.ToUpperInvariant(letter[0]), StringComparison.Ordinal) : -1;
            if (label < 0 || t[(bar + 1)..].Trim().Length == 0)
            {
                throw new PromptFileException(file, n, string.Empty, $"expected \"LETTER | sentence\" with LETTER one of {string.Join(", ", Labels.ToCharArray())}; got \"{(t.Length > 40 ? t[..40] + "…" : t)}\"");
            }

            if (current.Count == 0)
            {
                start = n;
            }

            current.Add((label, t[(bar + 1)..].Trim()));
        }

        Close();
        if (answers.Count < 5)
        {
            throw new PromptFileException(file, n, string.Empty, $"only {answers.Count} labelled answers; write at least 5 (answers are separated by blank lines)");
        }

        return answers;

        void Close()
        {
            if (current.Count > 0)
            {
                answers.Add(new TrainingAnswer(start, current.ToList()));
                current.Clear();
            }
        }
    }

    /// <summary>Measures on held-out answers, then trains on every answer.</summary>
    public (StarClassifier Classifier, TrainingReport Report) Train(IReadOnlyList<TrainingAnswer> answers, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var rows = answers.Select(a => Featurise(a, cancellationToken)).ToList();
        var order = Enumerable.Range(0, answers.Count).ToArray();
        new Random(seed).Shuffle(order);
        var heldOutCount = Math.Max(1, (int)Math.Round(answers.Count * HeldOutShare));
        var heldOut = order.Take(heldOutCount).ToHashSet();

        var train = rows.Where((_, i) => !heldOut.Contains(i)).SelectMany(r => r).ToList();
        var test = rows.Where((_, i) => heldOut.Contains(i)).SelectMany(r => r).ToList();
        var (w, b) = Fit(train, cancellationToken);
        var probe = new StarClassifier(w, b, _encoder.ModelName, new TrainingFacts(0, 0, 0, 0, seed));
        var classes = StarClassifier.Classes.Count;
        var confusion = new int[classes, classes];
        foreach (var (x, y) in test)
        {
            var p = probe.Predict(x);
            confusion[y, Array.IndexOf(p, p.Max())]++;
        }

        var correct = Enumerable.Range(0, classes).Sum(c => confusion[c, c]);
        var all = rows.SelectMany(r => r).ToList();
        var facts = new TrainingFacts(all.Count, answers.Count, test.Count, test.Count == 0 ? 0 : correct / (double)test.Count, seed);
        var (wAll, bAll) = Fit(all, cancellationToken);
        var perClass = Enumerable.Range(0, classes).Select(c => all.Count(r => r.Label == c)).ToArray();
        return (new StarClassifier(wAll, bAll, _encoder.ModelName, facts), new TrainingReport(facts, perClass, confusion));
    }

    private List<(float[] Features, int Label)> Featurise(TrainingAnswer answer, CancellationToken cancellationToken)
    {
        var vectors = _encoder.Encode(answer.Sentences.Select(s => s.Text).ToList(), cancellationToken);
        var n = answer.Sentences.Count;
        return answer.Sentences.Select((s, i) => (_features.Build(vectors[i], WordText.Words(s.Text), i, n), s.Class)).ToList();
    }

    private static (float[][] Weights, float[] Bias) Fit(List<(float[] X, int Label)> data, CancellationToken cancellationToken) =>
        SoftmaxRegression.Fit(data, StarClassifier.Classes.Count, Iterations, LearningRate, L2, cancellationToken);
}
