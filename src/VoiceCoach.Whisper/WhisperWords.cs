namespace VoiceCoach.Whisper;

/// <summary>A decoded token with its time and probability, as any Whisper runtime reports it (ours, whisper.cpp).</summary>
/// <param name="Id">Token id; special and timestamp tokens are skipped when words are made.</param>
/// <param name="Start">Start in centiseconds from the beginning of the clip.</param>
/// <param name="End">End in centiseconds from the beginning of the clip.</param>
/// <param name="Probability">The probability the decoder gave the token when it chose it.</param>
public readonly record struct WhisperTimedToken(int Id, long Start, long End, float Probability);

/// <summary>
/// Words from a segment's timed tokens, one rule for every Whisper engine so their transcripts compare word for
/// word: text tokens are joined up to the next token that starts with a space, the word's confidence is the mean
/// probability of its tokens, and punctuation-only words are merged into the neighbouring word as openai does
/// (opening marks into the next word, closing marks into the previous one). Stateless and thread-safe.
/// </summary>
public static class WhisperWords
{
    private const string Prepended = "\"'“¿([{-";
    private const string Appended = "\"'.。,，!！?？:：”)]}、";

    /// <summary>The words of one segment, in order; tokens that are not text (timestamps, end of text) are skipped.</summary>
    public static List<WhisperWord> FromTokens(IEnumerable<WhisperTimedToken> tokens, WhisperTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var words = new List<(List<int> Ids, long Start, long End, List<float> Probs)>();
        foreach (var token in tokens)
        {
            if (!tokenizer.Special.IsText(token.Id))
            {
                continue;
            }

            var bytes = tokenizer.TokenBytes(token.Id);
            var startsWord = bytes.Length > 0 && bytes[0] == (byte)' ';
            if (words.Count == 0 || startsWord)
            {
                words.Add(([token.Id], token.Start, token.End, [token.Probability]));
            }
            else
            {
                var w = words[^1];
                w.Ids.Add(token.Id);
                w.Probs.Add(token.Probability);
                words[^1] = (w.Ids, w.Start, token.End, w.Probs);
            }
        }

        var result = words
            .Select(w => new WhisperWord(tokenizer.Decode(w.Ids).Trim(), Centis(w.Start), Centis(w.End), w.Probs.Average()))
            .Where(w => w.Text.Length > 0)
            .ToList();
        return MergePunctuation(result);
    }

    private static TimeSpan Centis(long cs) => TimeSpan.FromMilliseconds(cs * 10);

    private static List<WhisperWord> MergePunctuation(List<WhisperWord> words)
    {
        for (var i = words.Count - 2; i >= 0; i--)
        {
            if (words[i].Text.All(c => Prepended.Contains(c, StringComparison.Ordinal)))
            {
                words[i + 1] = words[i + 1] with { Text = words[i].Text + words[i + 1].Text, Start = words[i].Start };
                words.RemoveAt(i);
            }
        }

        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].Text.All(c => Appended.Contains(c, StringComparison.Ordinal)))
            {
                words[i - 1] = words[i - 1] with { Text = words[i - 1].Text + words[i].Text, End = words[i].End };
                words.RemoveAt(i);
                i--;
            }
        }

        return words;
    }
}
