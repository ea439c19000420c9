using System.Text;
using System.Text.RegularExpressions;

namespace VoiceCoach.Whisper;

/// <summary>
/// Whisper's GPT-2 byte-level BPE tokenizer over the vocabulary stored in a ggml file (token bytes in
/// id order). Decoding joins token bytes and decodes UTF-8 once, so a character split across tokens
/// comes out whole. Encoding (for prompts) does what whisper.cpp's <c>tokenize</c> does: split the text
/// with the GPT-2 pre-tokenizer pattern, then cover each piece greedily with the longest vocabulary
/// entry (ggml files carry no merge ranks, so true BPE is not possible). Immutable and thread-safe.
/// </summary>
public sealed partial class WhisperTokenizer
{
    private static readonly byte[] ReplacementCharacter = [0xEF, 0xBF, 0xBD];

    private readonly byte[][] _tokens;
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly int _longestToken;

    /// <summary>Creates a tokenizer.</summary>
    /// <param name="vocabulary">Token bytes in id order, as stored in the ggml file (text tokens, usually 50257 or more).</param>
    /// <param name="vocabularySize">The model's n_vocab (number of logits), which fixes the special token ids.</param>
    public WhisperTokenizer(IReadOnlyList<byte[]> vocabulary, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Special = new WhisperSpecialTokens(vocabularySize);
        var restore = Gpt2ByteOrder();
        _tokens = new byte[vocabulary.Count][];
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var bytes = vocabulary[id];

            // Old convert scripts decoded every token as UTF-8 with errors='replace', so the 128
            // single-byte tokens above 0x7F were stored as U+FFFD. Their bytes are known from GPT-2's
            // byte order: restore them so split characters decode and encode again.
            if (id < 256 && bytes.AsSpan().SequenceEqual(ReplacementCharacter))
            {
                bytes = [restore[id]];
            }

            _tokens[id] = bytes;
        }

        for (var id = 0; id < Math.Min(_tokens.Length, Special.EndOfText); id++)
        {
            // Later ids overwrite earlier ones, as whisper.cpp's token_to_id map does.
            _ids[Encoding.Latin1.GetString(_tokens[id])] = id;
            _longestToken = Math.Max(_longestToken, _tokens[id].Length);
        }
    }

    /// <summary>The special token ids of this vocabulary.</summary>
    public WhisperSpecialTokens Special { get; }

    /// <summary>Number of logits (n_vocab).</summary>
    public int VocabularySize => Special.VocabularySize;

    /// <summary>
    /// The tokenizer of a whisper.cpp ggml model file, read from its header and vocabulary without touching the
    /// weights (the file is mapped, parsed and let go): for another runtime that reads the same file.
    /// </summary>
    /// <exception cref="WhisperModelException">The file is missing or not a usable ggml Whisper model; the message names it.</exception>
    public static WhisperTokenizer FromModelFile(string path)
    {
        using var file = Ggml.GgmlFile.Open(path);
        return new WhisperTokenizer(file.Vocabulary, file.HyperParameters.VocabularySize);
    }

    /// <summary>The bytes of a text token (empty for special tokens).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) =>
        id >= 0 && id < Special.EndOfText && id < _tokens.Length ? _tokens[id] : [];

    /// <summary>A single token as text: special tokens by name (e.g. "&lt;|0.42|&gt;"), text tokens decoded on their own.</summary>
    public string TokenText(int id) => Special.Name(id) ?? Encoding.UTF8.GetString(TokenBytes(id));

    /// <summary>Decodes text tokens to a string; special and timestamp tokens are skipped.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        using var buffer = new MemoryStream();
        foreach (var id in ids)
        {
            buffer.Write(TokenBytes(id));
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The id of a text token with exactly these bytes, or null.</summary>
    public int? TokenId(ReadOnlySpan<byte> bytes) =>
        _ids.TryGetValue(Encoding.Latin1.GetString(bytes), out var id) ? id : null;

    /// <summary>The id of a text token with exactly this text, or null.</summary>
    public int? TokenId(string text) => TokenId(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Encodes text to text tokens (no special tokens): GPT-2 pre-tokenization, then greedy
    /// longest-match per piece as whisper.cpp does. Bytes no token covers are skipped.
    /// </summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<int>();
        foreach (Match piece in PreTokenizer().Matches(text))
        {
            var bytes = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(piece.Value));
            var i = 0;
            while (i < bytes.Length)
            {
                var found = false;
                for (var j = Math.Min(bytes.Length, i + _longestToken); j > i; j--)
                {
                    if (_ids.TryGetValue(bytes[i..j], out var id))
                    {
                        result.Add(id);
                        i = j;
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    i++;
                }
            }
        }

        return result;
    }

    /// <summary>GPT-2's bytes_to_unicode order: single-byte token id → byte.</summary>
    private static byte[] Gpt2ByteOrder()
    {
        var order = new List<byte>(256);
        for (var b = 0; b < 256; b++)
        {
            if (b is (>= 33 and <= 126) or (>= 161 and <= 172) or (>= 174 and <= 255))
            {
                order.Add((byte)b);
            }
        }

        for (var b = 0; b < 256; b++)
        {
            if (!(b is (>= 33 and <= 126) or (>= 161 and <= 172) or (>= 174 and <= 255)))
            {
                order.Add((byte)b);
            }
        }

        return [.. order];
    }

    // GPT-2's pre-tokenizer (the pattern whisper.cpp and openai/tiktoken use), with Unicode classes.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex PreTokenizer();
}
