using System.Text.RegularExpressions;

namespace VoiceCoach.Core.Transcription;

/// <summary>
/// Word error rate: the fewest word substitutions, deletions and insertions that turn the
/// reference into the hypothesis (Levenshtein over words), divided by the number of reference
/// words. Both texts are normalised first (<see cref="Normalize"/>) so that casing, punctuation and
/// the way numbers are written do not count as errors.
/// </summary>
public static partial class WordErrorRate
{
    // Abbreviations spoken as whole words. Matched after lower-casing, with their period.
    private static readonly (string Written, string Spoken)[] Abbreviations =
    [
        ("mr.", "mister"), ("mrs.", "missus"), ("ms.", "miss"), ("dr.", "doctor"), ("vs.", "versus"), ("etc.", "et cetera"),
    ];

    /// <summary>Compares a hypothesis with a reference after normalising both.</summary>
    public static WordErrors Compute(string reference, string hypothesis) =>
        Compute(Normalize(reference), Normalize(hypothesis));

    /// <summary>Compares two word sequences as given (already normalised).</summary>
    public static WordErrors Compute(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var cost = Costs(reference, hypothesis);
        int n = reference.Count, m = hypothesis.Count;

        // Walk back along one optimal path to split the edits by kind (matches and substitutions first).
        int substitutions = 0, deletions = 0, insertions = 0;
        for (int i = n, j = m; i > 0 || j > 0;)
        {
            if (i > 0 && j > 0)
            {
                var same = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal);
                if (cost[i, j] == cost[i - 1, j - 1] + (same ? 0 : 1))
                {
                    substitutions += same ? 0 : 1;
                    i--;
                    j--;
                    continue;
                }
            }

            if (i > 0 && cost[i, j] == cost[i - 1, j] + 1)
            {
                deletions++;
                i--;
            }
            else
            {
                insertions++;
                j--;
            }
        }

        return new WordErrors(n, substitutions, deletions, insertions);
    }

    /// <summary>
    /// The edit-distance table: <c>cost[i, j]</c> is the fewest edits turning the first i reference words into the
    /// first j hypothesis words. Walk it back from <c>[n, m]</c> to align the two.
    /// </summary>
    public static int[,] Costs(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);
        int n = reference.Count, m = hypothesis.Count;
        var cost = new int[n + 1, m + 1];
        for (var i = 0; i <= n; i++)
        {
            cost[i, 0] = i;
        }

        for (var j = 0; j <= m; j++)
        {
            cost[0, j] = j;
        }

        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= m; j++)
            {
                var same = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal);
                cost[i, j] = Math.Min(
                    cost[i - 1, j - 1] + (same ? 0 : 1),
                    Math.Min(cost[i - 1, j] + 1, cost[i, j - 1] + 1));
            }
        }

        return cost;
    }

    /// <summary>
    /// Normalises text for comparison, in this order: lower case (invariant culture); curly
    /// apostrophes to straight; "mr." → "mister", "mrs." → "missus", "ms." → "miss", "dr." →
    /// "doctor", "vs." → "versus", "etc." → "et cetera"; "&amp;" → "and", "%" → "percent"; numbers spelled
    /// out (a four-digit integer as a year: "1455" → "fourteen fifty five", "2024" → "twenty twenty
    /// four", "2005" → "two thousand five"; otherwise a cardinal: "5,000" → "five thousand", "3.5"
    /// → "three point five"; "21st" → "twenty first"); hyphens, dashes and slashes to spaces;
    /// apostrophes kept inside words ("don't") and dropped at their edges; every other character
    /// that is not a letter or digit removed; split on white space.
    /// </summary>
    public static IReadOnlyList<string> Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2018', '\'');
        foreach (var (written, spoken) in Abbreviations)
        {
            s = Regex.Replace(s, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(written)}", spoken + " ", RegexOptions.CultureInvariant);
        }

        s = s.Replace("&", " and ", StringComparison.Ordinal).Replace("%", " percent ", StringComparison.Ordinal);
        s = NumberPattern().Replace(s, m => $" {NumberWords.Spell(m.Groups["n"].Value, m.Groups["suffix"].Value)} ");
        s = Separators().Replace(s, " ");
        s = Punctuation().Replace(s, string.Empty);

        var words = new List<string>();
        foreach (var token in s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = token.Trim('\'');
            if (word.Length > 0)
            {
                words.Add(word);
            }
        }

        return words;
    }

    // Digits with optional thousands separators and decimals, and an optional ordinal suffix.
    [GeneratedRegex(@"(?<n>\d+(?:,\d{3})*(?:\.\d+)?)(?<suffix>st|nd|rd|th)?(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[-\u2010-\u2015/_]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    [GeneratedRegex(@"[^\p{L}\p{N}'\s]", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();
}
