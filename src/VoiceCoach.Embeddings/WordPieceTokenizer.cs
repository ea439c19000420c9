using System.Globalization;
using System.Text;

namespace VoiceCoach.Embeddings;

/// <summary>
/// BERT's uncased WordPiece tokenizer, as all-MiniLM-L6-v2 was trained with: lower case, accents stripped,
/// punctuation split off, each word cut greedily into the longest vocabulary pieces ("##" marks a piece that
/// continues a word), a word that cannot be cut becomes [UNK]; [CLS] first, [SEP] last, at most
/// <see cref="MaxTokens"/> tokens in all. Immutable and thread-safe.
/// </summary>
internal sealed class WordPieceTokenizer
{
    /// <summary>Words longer than this many characters are [UNK] (as in BERT's reference tokenizer).</summary>
    private const int MaxWordChars = 100;

    private readonly Dictionary<string, int> _ids;

    /// <param name="vocabulary">vocab.txt: one token per line, the line number is its id.</param>
    /// <param name="maxTokens">Sequence length the model was trained with (256 for all-MiniLM-L6-v2), [CLS] and [SEP] included.</param>
    public WordPieceTokenizer(TextReader vocabulary, int maxTokens)
    {
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        while (vocabulary.ReadLine() is { } line)
        {
            _ids.TryAdd(line.TrimEnd('\r'), id);
            id++;
        }

        Classify = Id("[CLS]");
        Separate = Id("[SEP]");
        Unknown = Id("[UNK]");
        MaxTokens = maxTokens;
    }

    public int Classify { get; }

    public int Separate { get; }

    public int Unknown { get; }

    public int MaxTokens { get; }

    public int VocabularySize => _ids.Count;

    /// <summary>The ids of a text: [CLS], its pieces (cut to fit), [SEP].</summary>
    public long[] Encode(string text)
    {
        var ids = new List<long>(32) { Classify };
        foreach (var word in BasicTokens(text))
        {
            AddPieces(word, ids);
            if (ids.Count >= MaxTokens - 1)
            {
                ids.RemoveRange(MaxTokens - 1, ids.Count - (MaxTokens - 1));
                break;
            }
        }

        ids.Add(Separate);
        return ids.ToArray();
    }

    /// <summary>The pieces of a text as strings ("[CLS]", "play", "##ing", …), for tests and diagnostics.</summary>
    public IReadOnlyList<string> Pieces(string text)
    {
        var byId = _ids.ToDictionary(kv => (long)kv.Value, kv => kv.Key);
        return Encode(text).Select(i => byId[i]).ToList();
    }

    /// <summary>Lower case, accents stripped, control characters dropped, split at spaces and around punctuation.</summary>
    internal static IEnumerable<string> BasicTokens(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var word = new StringBuilder();
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark || c == '\0' || c == '\uFFFD' || (char.IsControl(c) && !char.IsWhiteSpace(c)))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else if (IsPunctuation(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                yield return c.ToString();
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>BERT treats every non-alphanumeric ASCII symbol as punctuation ("$", "^", "`"), and Unicode punctuation.</summary>
    private static bool IsPunctuation(char c) =>
        c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~')
        || char.IsPunctuation(c);

    private void AddPieces(string word, List<long> into)
    {
        if (word.Length > MaxWordChars)
        {
            into.Add(Unknown);
            return;
        }

        var start = into.Count;
        var at = 0;
        while (at < word.Length)
        {
            var found = -1;
            var end = word.Length;
            while (end > at)
            {
                var piece = at == 0 ? word[..end] : "##" + word[at..end];
                if (_ids.TryGetValue(piece, out var pieceId))
                {
                    found = pieceId;
                    break;
                }

                end--;
            }

            if (found < 0)
            {
                // One piece that no vocabulary entry covers makes the whole word unknown, as in BERT.
                into.RemoveRange(start, into.Count - start);
                into.Add(Unknown);
                return;
            }

            into.Add(found);
            at = end;
        }
    }

    private int Id(string token) =>
        _ids.TryGetValue(token, out var id) ? id : throw new InvalidDataException($"vocab.txt has no {token} token; it is not a BERT WordPiece vocabulary");
}
