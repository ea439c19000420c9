namespace VoiceCoach.Core.Text;

/// <summary>
/// A phrase to look for in an answer, written by a coach in prompts/: words matched in order,
/// case-insensitive; a word ending in <c>*</c> matches any word starting with that stem
/// ("trade-off*" matches "trade offs"). Immutable and thread-safe.
/// </summary>
public sealed class Phrase
{
    private readonly string[] _parts;

    public Phrase(string pattern)
    {
        Pattern = pattern;
        _parts = pattern.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => WordText.Normalize(w).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        if (_parts.Length == 0)
        {
            throw new ArgumentException($"phrase '{pattern}' has no words", nameof(pattern));
        }
    }

    /// <summary>The phrase as written.</summary>
    public string Pattern { get; }

    /// <summary>Number of words the phrase spans.</summary>
    public int Length => _parts.Length;

    /// <summary>Start indexes of every non-overlapping occurrence in a list of normalised words.</summary>
    public IEnumerable<int> FindIn(IReadOnlyList<string> words)
    {
        for (var i = 0; i + _parts.Length <= words.Count; i++)
        {
            if (MatchesAt(words, i))
            {
                yield return i;
                i += _parts.Length - 1;
            }
        }
    }

    /// <summary>
    /// False when the phrase cannot occur in an answer with these words (its first word is absent);
    /// true means "scan to be sure".
    /// </summary>
    public bool MayOccurIn(WordIndex index)
    {
        var first = _parts[0];
        return first.EndsWith('*') ? index.AnyWithPrefix(first.AsSpan(0, first.Length - 1)) : index.Contains(first) || (_parts.Length == 1 && index.Contains(first + "'s"));
    }

    /// <summary>True when the phrase occurs anywhere in the words.</summary>
    public bool OccursIn(IReadOnlyList<string> words)
    {
        for (var i = 0; i + _parts.Length <= words.Count; i++)
        {
            if (MatchesAt(words, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Number of non-overlapping occurrences.</summary>
    public int CountIn(IReadOnlyList<string> words)
    {
        var n = 0;
        for (var i = 0; i + _parts.Length <= words.Count; i++)
        {
            if (MatchesAt(words, i))
            {
                n++;
                i += _parts.Length - 1;
            }
        }

        return n;
    }

    /// <summary>True when the phrase occurs at index <paramref name="start"/>.</summary>
    public bool MatchesAt(IReadOnlyList<string> words, int start)
    {
        if (start + _parts.Length > words.Count)
        {
            return false;
        }

        for (var j = 0; j < _parts.Length; j++)
        {
            var p = _parts[j];
            var w = words[start + j];
            var ok = p.EndsWith('*')
                ? w.StartsWith(p.AsSpan(0, p.Length - 1), StringComparison.Ordinal)
                : string.Equals(p, w, StringComparison.Ordinal) || (j == _parts.Length - 1 && IsPossessiveOf(w, p));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// "eyeline's" is "eyeline" said as a possessive ("Eyeline's researchers"), so a phrase ending in a noun matches it;
    /// "that's", "it's" or "let's" are contractions ("that is"), not possessives, and never match "that", "it", "let".
    /// </summary>
    private static bool IsPossessiveOf(string word, string part) =>
        word.Length == part.Length + 2 && word.EndsWith("'s", StringComparison.Ordinal) && word.StartsWith(part, StringComparison.Ordinal)
        && !ContractionStems.Contains(part);

    private static readonly HashSet<string> ContractionStems =
    [
        "it", "that", "this", "there", "here", "what", "who", "where", "when", "how", "why", "let", "he", "she", "one",
        "everyone", "everybody", "someone", "somebody", "nobody", "nothing", "something", "everything", "anyone",
    ];

    public override string ToString() => Pattern;

    /// <summary>Parses a list of patterns.</summary>
    public static IReadOnlyList<Phrase> List(IEnumerable<string> patterns) =>
        patterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new Phrase(p)).ToList();
}
