namespace VoiceCoach.Core.Text;

/// <summary>
/// The distinct words of one answer, so a phrase whose first word never occurs is rejected in one
/// lookup instead of a scan. Grading checks ~900 coach phrases per answer; most are absent.
/// </summary>
public sealed class WordIndex
{
    private readonly HashSet<string> _set;
    private readonly string[] _distinct;

    public WordIndex(IEnumerable<string> words)
    {
        _set = new HashSet<string>(words, StringComparer.Ordinal);
        _distinct = [.. _set];
    }

    public bool Contains(string word) => _set.Contains(word);

    public bool AnyWithPrefix(ReadOnlySpan<char> stem)
    {
        foreach (var w in _distinct)
        {
            if (w.AsSpan().StartsWith(stem, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
