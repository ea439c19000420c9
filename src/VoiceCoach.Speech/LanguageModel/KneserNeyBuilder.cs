namespace VoiceCoach.Speech.LanguageModel;

/// <summary>
/// Counts sentences and builds an interpolated Kneser-Ney n-gram model (Chen and Goodman's
/// "interpolated KN" with one absolute discount per order, D = n1 / (n1 + 2 n2)). Lower orders use
/// continuation counts (how many different words precede an n-gram), so a word that is frequent
/// only inside one phrase ("francisco" after "san") gets little mass on its own. Written for the
/// small corpora VoiceCoach builds from prompts/ (tens of thousands of words): n-grams are
/// string-keyed, nothing is pruned. Not thread-safe while adding; <see cref="Build"/> does not
/// change the builder.
/// </summary>
public sealed class KneserNeyBuilder
{
    /// <summary>The sentence start marker (ARPA convention).</summary>
    public const string SentenceStart = "<s>";

    /// <summary>The sentence end marker (ARPA convention).</summary>
    public const string SentenceEnd = "</s>";

    // Discounts outside this range come from degenerate counts (tiny corpora, no n-gram seen twice).
    private const double MinDiscount = 0.1;
    private const double MaxDiscount = 0.9;

    private readonly int _order;
    private readonly Dictionary<string, int>[] _counts;

    /// <summary>Creates a builder for n-grams up to <paramref name="order"/> words (default 3: trigrams).</summary>
    public KneserNeyBuilder(int order = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, 5);
        _order = order;
        _counts = Enumerable.Range(0, order).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
    }

    /// <summary>Sentences added so far.</summary>
    public int Sentences { get; private set; }

    /// <summary>Words added so far (markers not counted).</summary>
    public long Words { get; private set; }

    /// <summary>Adds one sentence of normalised words; the sentence markers are added here. Empty sentences are ignored.</summary>
    public void Add(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count == 0)
        {
            return;
        }

        var padded = new string[words.Count + 2];
        padded[0] = SentenceStart;
        for (var i = 0; i < words.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(words[i]) || words[i].Contains(' ', StringComparison.Ordinal))
            {
                throw new ArgumentException($"word {i} ('{words[i]}') is empty or has a space; split sentences into words first", nameof(words));
            }

            padded[i + 1] = words[i];
        }

        padded[^1] = SentenceEnd;
        Sentences++;
        Words += words.Count;
        for (var n = 1; n <= _order; n++)
        {
            for (var i = 0; i + n <= padded.Length; i++)
            {
                if (n == 1 && i == 0)
                {
                    continue; // <s> is never predicted
                }

                var key = string.Join(' ', padded, i, n);
                _counts[n - 1][key] = _counts[n - 1].GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>Builds the smoothed model from what was added.</summary>
    /// <exception cref="InvalidOperationException">Nothing was added.</exception>
    public NGramModel Build()
    {
        if (Sentences == 0)
        {
            throw new InvalidOperationException("no sentences: add text before building a language model");
        }

        // The counts each order is estimated from: raw counts for the highest order and for n-grams
        // that start a sentence (nothing can precede them); continuation counts for the rest.
        var used = new Dictionary<string, int>[_order];
        used[_order - 1] = _counts[_order - 1];
        for (var n = _order - 1; n >= 1; n--)
        {
            var continuation = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var longer in _counts[n].Keys)
            {
                var suffix = longer[(longer.IndexOf(' ', StringComparison.Ordinal) + 1)..];
                continuation[suffix] = continuation.GetValueOrDefault(suffix) + 1;
            }

            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (gram, raw) in _counts[n - 1])
            {
                counts[gram] = gram.StartsWith(SentenceStart + " ", StringComparison.Ordinal) || gram == SentenceStart
                    ? raw
                    : continuation.GetValueOrDefault(gram);
            }

            used[n - 1] = counts;
        }

        var probabilities = new Dictionary<string, double>[_order];
        var backoffs = new Dictionary<string, double>[_order];
        probabilities[0] = Unigrams(used[0]);
        backoffs[0] = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var n = 2; n <= _order; n++)
        {
            (probabilities[n - 1], backoffs[n - 2]) = Higher(used[n - 1], probabilities[n - 2], Discount(used[n - 1]));
            backoffs[n - 1] = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        return new NGramModel(_order, probabilities, backoffs);
    }

    private static Dictionary<string, double> Unigrams(Dictionary<string, int> counts)
    {
        double total = counts.Values.Sum();
        var p = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (word, count) in counts)
        {
            // A word seen only sentence-initially keeps a floor of one continuation, so it stays speakable.
            p[word] = Math.Max(count, 1) / total;
        }

        var sum = p.Values.Sum();
        foreach (var word in p.Keys.ToList())
        {
            p[word] /= sum;
        }

        return p;
    }

    // p(w|h) = max(c(hw) - D, 0) / c(h.) + gamma(h) p_lower(w|h'), gamma(h) = D * types(h.) / c(h.).
    // In ARPA's back-off form an unseen w gets bow(h) * p_lower(w|h'), so bow(h) = gamma(h) exactly.
    private static (Dictionary<string, double> Probabilities, Dictionary<string, double> Backoffs) Higher(
        Dictionary<string, int> counts, Dictionary<string, double> lower, double discount)
    {
        var totals = new Dictionary<string, (int Sum, int Types)>(StringComparer.Ordinal);
        foreach (var (gram, count) in counts)
        {
            if (count == 0)
            {
                continue;
            }

            var history = gram[..gram.LastIndexOf(' ')];
            var t = totals.GetValueOrDefault(history);
            totals[history] = (t.Sum + count, t.Types + 1);
        }

        var backoffs = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (history, t) in totals)
        {
            backoffs[history] = discount * t.Types / t.Sum;
        }

        var p = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (gram, count) in counts)
        {
            if (count == 0)
            {
                continue;
            }

            var split = gram.LastIndexOf(' ');
            var history = gram[..split];
            var suffix = gram[(gram.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            p[gram] = (Math.Max(count - discount, 0) / totals[history].Sum) + (backoffs[history] * lower[suffix]);
        }

        return (p, backoffs);
    }

    private static double Discount(Dictionary<string, int> counts)
    {
        int once = 0, twice = 0;
        foreach (var c in counts.Values)
        {
            once += c == 1 ? 1 : 0;
            twice += c == 2 ? 1 : 0;
        }

        return once + twice == 0 ? 0.5 : Math.Clamp(once / (double)(once + (2 * twice)), MinDiscount, MaxDiscount);
    }
}
