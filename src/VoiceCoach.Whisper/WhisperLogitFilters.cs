namespace VoiceCoach.Whisper;

/// <summary>
/// openai/whisper's logit filters, in its order: suppress blank at the first step, suppress special
/// (and optionally non-speech) tokens, then the timestamp rules — timestamps come in pairs except
/// before end-of-text, never decrease, a segment has non-zero length, the first token is a timestamp
/// no later than <c>max_initial_timestamp</c>, and when the timestamps together are more probable
/// than any single text token, a timestamp is forced. Immutable; safe to share between threads.
/// </summary>
internal sealed class WhisperLogitFilters
{
    private static readonly string[] NonSpeechSymbols =
    [
        "\"", "#", "(", ")", "*", "+", "/", ":", ";", "<", "=", ">", "@", "[", "\\", "]", "^",
        "_", "`", "{", "|", "}", "~", "「", "」", "『", "』", "<<", ">>", "<<<", ">>>", "--",
        "---", "-(", "-[", "('", "(\"", "((", "))", "(((", ")))", "[[", "]]", "{{", "}}", "♪♪",
        "♪♪♪", "♩", "♪", "♫", "♬", "♭", "♮", "♯",
    ];

    private readonly WhisperSpecialTokens _special;
    private readonly int[] _alwaysSuppressed;
    private readonly int[] _blank;
    private readonly bool _timestamps;
    private readonly bool _suppressBlank;
    private readonly int _maxInitialTimestampIndex;

    public WhisperLogitFilters(WhisperTokenizer tokenizer, WhisperDecodingOptions options, int audioContext)
    {
        _special = tokenizer.Special;
        _timestamps = options.Timestamps;
        _suppressBlank = options.SuppressBlank;
        var precision = 30.0 / audioContext;
        _maxInitialTimestampIndex = options.MaxInitialTimestamp > 0 ? (int)Math.Round(options.MaxInitialTimestamp / precision) : -1;

        var s = _special;
        var suppressed = new HashSet<int> { s.StartOfTranscript, s.StartOfPrev, s.StartOfLm, s.Translate, s.Transcribe, s.NoSpeech, s.NoTimestamps };
        for (var i = 0; i < s.LanguageCount; i++)
        {
            suppressed.Add(s.StartOfTranscript + 1 + i);
        }

        if (options.SuppressNonSpeechTokens)
        {
            foreach (var symbol in NonSpeechSymbols)
            {
                AddIfToken(suppressed, tokenizer, symbol);
                AddIfToken(suppressed, tokenizer, " " + symbol);
            }

            // Hyphens and apostrophes stay allowed inside words, not at a word's start.
            AddIfToken(suppressed, tokenizer, " -");
            AddIfToken(suppressed, tokenizer, " '");
        }

        _alwaysSuppressed = [.. suppressed.Where(id => id < s.VocabularySize)];
        _blank = tokenizer.TokenId(" ") is { } space ? [space, s.EndOfText] : [s.EndOfText];
    }

    /// <summary>Filters <paramref name="logits"/> in place for a decoder that has sampled <paramref name="sampled"/> so far.</summary>
    public void Apply(Span<float> logits, IReadOnlyList<int> sampled)
    {
        var s = _special;
        var beg = s.TimestampBegin;
        if (_suppressBlank && sampled.Count == 0)
        {
            foreach (var id in _blank)
            {
                logits[id] = float.NegativeInfinity;
            }
        }

        foreach (var id in _alwaysSuppressed)
        {
            logits[id] = float.NegativeInfinity;
        }

        if (!_timestamps)
        {
            logits[beg..].Fill(float.NegativeInfinity);
            return;
        }

        var lastWasTimestamp = sampled.Count >= 1 && sampled[^1] >= beg;
        var penultimateWasTimestamp = sampled.Count < 2 || sampled[^2] >= beg;
        if (lastWasTimestamp)
        {
            if (penultimateWasTimestamp)
            {
                logits[beg..].Fill(float.NegativeInfinity);
            }
            else
            {
                logits[..s.EndOfText].Fill(float.NegativeInfinity);
            }
        }

        var lastTimestamp = -1;
        for (var i = sampled.Count - 1; i >= 0; i--)
        {
            if (sampled[i] >= beg)
            {
                lastTimestamp = sampled[i];
                break;
            }
        }

        if (lastTimestamp >= 0)
        {
            // Timestamps never decrease; after text the closing one must be later than the opening one.
            var firstAllowed = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
            logits[beg..Math.Min(firstAllowed, logits.Length)].Fill(float.NegativeInfinity);
        }

        if (sampled.Count == 0)
        {
            logits[..beg].Fill(float.NegativeInfinity);
            if (_maxInitialTimestampIndex >= 0)
            {
                var lastAllowed = beg + _maxInitialTimestampIndex;
                if (lastAllowed + 1 < logits.Length)
                {
                    logits[(lastAllowed + 1)..].Fill(float.NegativeInfinity);
                }
            }
        }

        // If all timestamps together are more probable than any text token, sample a timestamp.
        var logSumExp = LogSumExp(logits);
        var timestampLogProb = LogSumExp(logits[beg..]) - logSumExp;
        var maxTextLogProb = Max(logits[..beg]) - logSumExp;
        if (timestampLogProb > maxTextLogProb)
        {
            logits[..beg].Fill(float.NegativeInfinity);
        }
    }

    /// <summary>log Σ exp(x), −∞ when every value is −∞.</summary>
    public static float LogSumExp(ReadOnlySpan<float> values)
    {
        var max = Max(values);
        if (float.IsNegativeInfinity(max))
        {
            return float.NegativeInfinity;
        }

        double sum = 0;
        foreach (var v in values)
        {
            if (v > float.NegativeInfinity)
            {
                sum += Math.Exp(v - max);
            }
        }

        return (float)(Math.Log(sum) + max);
    }

    public static float Max(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (v > max)
            {
                max = v;
            }
        }

        return max;
    }

    /// <summary>Index of the largest value (the lowest index on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static void AddIfToken(HashSet<int> set, WhisperTokenizer tokenizer, string text)
    {
        if (tokenizer.TokenId(text) is { } id)
        {
            set.Add(id);
        }
    }
}
