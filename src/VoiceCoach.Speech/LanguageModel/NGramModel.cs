using System.Globalization;

namespace VoiceCoach.Speech.LanguageModel;

/// <summary>
/// A back-off n-gram model as <see cref="KneserNeyBuilder"/> builds it: for each order, the
/// probability of every seen n-gram and the back-off weight of every history. Immutable; written
/// in the ARPA text format PocketSphinx (and every other n-gram tool) reads.
/// </summary>
public sealed class NGramModel
{
    // ARPA's stand-in for log10(0): the sentence start is a history, never a prediction.
    private const double LogZero = -99;

    private readonly Dictionary<string, double>[] _probabilities;
    private readonly Dictionary<string, double>[] _backoffs;

    internal NGramModel(int order, Dictionary<string, double>[] probabilities, Dictionary<string, double>[] backoffs)
    {
        Order = order;
        _probabilities = probabilities;
        _backoffs = backoffs;
    }

    /// <summary>The longest n-gram.</summary>
    public int Order { get; }

    /// <summary>The words the model predicts, <c>&lt;/s&gt;</c> included, in ordinal order.</summary>
    public IReadOnlyList<string> Vocabulary => _probabilities[0].Keys.Where(w => w != KneserNeyBuilder.SentenceEnd).Order(StringComparer.Ordinal).ToList();

    /// <summary>Number of n-grams of order <paramref name="n"/> (1-based) stored in the model.</summary>
    public int Count(int n) => n == 1 ? _probabilities[0].Count + 1 : _probabilities[n - 1].Count; // + <s>

    /// <summary>
    /// P(word | history) with back-off, the way a decoder reads the ARPA file. Only the last
    /// <see cref="Order"/> - 1 words of the history count; a word outside the vocabulary gets 0.
    /// </summary>
    public double Probability(IReadOnlyList<string> history, string word)
    {
        ArgumentNullException.ThrowIfNull(history);
        var context = history.Skip(Math.Max(0, history.Count - (Order - 1))).ToList();
        var weight = 1.0;
        while (true)
        {
            var key = context.Count == 0 ? word : string.Join(' ', context) + " " + word;
            if (_probabilities[context.Count].TryGetValue(key, out var p))
            {
                return weight * p;
            }

            if (context.Count == 0)
            {
                return 0;
            }

            weight *= _backoffs[context.Count - 1].GetValueOrDefault(string.Join(' ', context), 1.0);
            context.RemoveAt(0);
        }
    }

    /// <summary>
    /// The same model with every word of <paramref name="words"/> made <paramref name="factor"/> times as likely, against
    /// every other word, after every history: P'(w|h) = P(w|h) b(w) / Z(h), b(w) = factor for a boosted word and 1 for
    /// the rest, Z(h) = 1 + (factor - 1) Σ P(v|h) over the boosted words v. Each history stays a distribution, and
    /// written in back-off form it stays exact: seen n-grams take b(w) / Z(h), back-off weights Z(h') / Z(h) (h' is
    /// h without its first word), so an unseen word gets the boost once, from the order it is found at.
    /// </summary>
    /// <param name="words">Words to boost; those outside the vocabulary are ignored.</param>
    /// <param name="factor">How many times as likely, above 0 (1: the same model).</param>
    public NGramModel Boost(IEnumerable<string> words, double factor)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        if (factor == 1)
        {
            return this;
        }

        var boosted = words.Where(_probabilities[0].ContainsKey).ToHashSet(StringComparer.Ordinal);
        if (boosted.Count == 0)
        {
            return this;
        }

        // Z of every history that has a back-off weight (a history never seen has Z of its lower order: weight 1 stays right).
        var z = new Dictionary<string, double>(StringComparer.Ordinal) { [string.Empty] = Normaliser([], boosted, factor) };
        for (var n = 0; n < Order - 1; n++)
        {
            foreach (var history in _backoffs[n].Keys)
            {
                z[history] = Normaliser(history.Split(' '), boosted, factor);
            }
        }

        var probabilities = new Dictionary<string, double>[Order];
        var backoffs = new Dictionary<string, double>[Order];
        for (var n = 0; n < Order; n++)
        {
            probabilities[n] = new Dictionary<string, double>(_probabilities[n].Count, StringComparer.Ordinal);
            foreach (var (gram, p) in _probabilities[n])
            {
                var split = gram.LastIndexOf(' ');
                var history = split < 0 ? string.Empty : gram[..split];
                var word = split < 0 ? gram : gram[(split + 1)..];
                probabilities[n][gram] = p * (boosted.Contains(word) ? factor : 1) / HistoryZ(z, history);
            }

            backoffs[n] = new Dictionary<string, double>(_backoffs[n].Count, StringComparer.Ordinal);
            foreach (var (history, bow) in _backoffs[n])
            {
                var space = history.IndexOf(' ', StringComparison.Ordinal);
                var lower = space < 0 ? string.Empty : history[(space + 1)..];
                backoffs[n][history] = bow * HistoryZ(z, lower) / z[history];
            }
        }

        return new NGramModel(Order, probabilities, backoffs);
    }

    // A history without a back-off weight of its own predicts as its lower order does, so it shares that order's Z.
    private static double HistoryZ(Dictionary<string, double> z, string history)
    {
        double value;
        while (!z.TryGetValue(history, out value))
        {
            var space = history.IndexOf(' ', StringComparison.Ordinal);
            history = space < 0 ? string.Empty : history[(space + 1)..];
        }

        return value;
    }

    private double Normaliser(IReadOnlyList<string> history, HashSet<string> boosted, double factor) =>
        1 + ((factor - 1) * boosted.Sum(w => Probability(history, w)));

    /// <summary>Writes the model in ARPA format (log10 probabilities and back-off weights), culture-invariant, n-grams sorted.</summary>
    public void WriteArpa(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine();
        writer.WriteLine("\\data\\");
        for (var n = 1; n <= Order; n++)
        {
            writer.WriteLine(Invariant($"ngram {n}={Count(n)}"));
        }

        for (var n = 1; n <= Order; n++)
        {
            writer.WriteLine();
            writer.WriteLine(Invariant($"\\{n}-grams:"));
            var rows = _probabilities[n - 1].Select(kv => (kv.Key, Log: Math.Log10(kv.Value)));
            if (n == 1)
            {
                rows = rows.Append((KneserNeyBuilder.SentenceStart, LogZero));
            }

            foreach (var (gram, log) in rows.OrderBy(r => r.Item1, StringComparer.Ordinal))
            {
                if (n < Order && _backoffs[n - 1].TryGetValue(gram, out var bow))
                {
                    writer.WriteLine(Invariant($"{log:0.######}\t{gram}\t{Math.Log10(bow):0.######}"));
                }
                else
                {
                    writer.WriteLine(Invariant($"{log:0.######}\t{gram}"));
                }
            }
        }

        writer.WriteLine();
        writer.WriteLine("\\end\\");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
