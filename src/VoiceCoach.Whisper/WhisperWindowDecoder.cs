using System.IO.Compression;
using System.Text;

namespace VoiceCoach.Whisper;

/// <summary>
/// Decodes one encoded window: greedy, best-of-N sampling at temperature &gt; 0, or openai's beam
/// search at temperature 0; and the temperature fallback on compression ratio and log-prob. Not
/// thread-safe (it owns a random generator); one per processor.
/// </summary>
internal sealed class WhisperWindowDecoder
{
    private readonly WhisperTokenizer _tokenizer;
    private readonly WhisperDecodingOptions _options;
    private readonly WhisperLogitFilters _filters;
    private readonly int _textContext;
    private readonly Random _random;
    private readonly WhisperLogitsPool _pool;

    // Scratch for one step: the filtered logits (Prepare) and the sampling weights. A vocabulary-sized array is on the
    // large-object heap; allocated per beam per step they piled up tens of MB of garbage between full collections.
    private readonly float[] _filtered;
    private readonly double[] _weights;

    public WhisperWindowDecoder(WhisperTokenizer tokenizer, WhisperDecodingOptions options, int textContext, int audioContext)
    {
        _tokenizer = tokenizer;
        _options = options;
        _textContext = textContext;
        _filters = new WhisperLogitFilters(tokenizer, options, audioContext);
        _random = new Random(options.Seed);
        _pool = new WhisperLogitsPool(tokenizer.Special.VocabularySize);
        _filtered = new float[tokenizer.Special.VocabularySize];
        _weights = new double[tokenizer.Special.VocabularySize];
    }

    private WhisperSpecialTokens Special => _tokenizer.Special;

    /// <summary>[&lt;|startofprev|&gt; prompt…] &lt;|startoftranscript|&gt; [language task] [&lt;|notimestamps|&gt;].</summary>
    public List<int> InitialTokens(IReadOnlyList<int> prompt, int? languageToken)
    {
        var tokens = new List<int>();
        if (prompt.Count > 0)
        {
            var take = Math.Min(prompt.Count, (_textContext / 2) - 1);
            tokens.Add(Special.StartOfPrev);
            for (var i = prompt.Count - take; i < prompt.Count; i++)
            {
                tokens.Add(prompt[i]);
            }
        }

        tokens.Add(Special.StartOfTranscript);
        if (Special.IsMultilingual)
        {
            tokens.Add(languageToken ?? Special.Language("en")!.Value);
            tokens.Add(_options.Translate ? Special.Translate : Special.Transcribe);
        }

        if (!_options.Timestamps)
        {
            tokens.Add(Special.NoTimestamps);
        }

        return tokens;
    }

    /// <summary>
    /// Decodes at each temperature in turn until the result is neither too repetitive (compression
    /// ratio) nor too improbable (average log-prob), unless it is silence; returns the last try otherwise.
    /// </summary>
    public WhisperWindowResult DecodeWithFallback(IWhisperEncoding encoding, IReadOnlyList<int> prompt, int? languageToken, CancellationToken cancellationToken)
    {
        WhisperWindowResult? result = null;
        foreach (var temperature in _options.Temperatures)
        {
            // Previous text tends to make high-temperature samples repeat it: drop it from 0.5 up (whisper.cpp).
            result = Decode(encoding, temperature < 0.5f ? prompt : [], languageToken, temperature, cancellationToken);
            if (!NeedsFallback(result))
            {
                break;
            }
        }

        return result ?? throw new InvalidOperationException("no temperatures configured");
    }

    /// <summary>True when a window should be decoded again at the next temperature.</summary>
    public bool NeedsFallback(WhisperWindowResult result)
    {
        var needs = result.CompressionRatio > _options.CompressionRatioThreshold
            || result.AvgLogProb < _options.LogProbThreshold;
        if (result.NoSpeechProbability > _options.NoSpeechThreshold && result.AvgLogProb < _options.LogProbThreshold)
        {
            // Silence: a low log-prob is expected, another temperature will not help.
            needs = false;
        }

        return needs;
    }

    /// <summary>Decodes the window once at <paramref name="temperature"/>.</summary>
    public WhisperWindowResult Decode(IWhisperEncoding encoding, IReadOnlyList<int> prompt, int? languageToken, float temperature, CancellationToken cancellationToken)
    {
        var initial = InitialTokens(prompt, languageToken);
        var maxSteps = Math.Min(_textContext / 2, _textContext - initial.Count);
        if (_options.MaxTokensPerWindow > 0)
        {
            maxSteps = Math.Min(maxSteps, _options.MaxTokensPerWindow);
        }
        var logits = _pool.Rent();
        var session = encoding.CreateSession(_options.Threads);
        try
        {
            session.Decode(initial.ToArray(), logits, cancellationToken);
            var noSpeech = NoSpeechProbability(logits);
            // The search takes ownership of the session.
            var owned = session;
            session = null;
            var best = temperature <= 0f && _options.Strategy == WhisperSamplingStrategy.BeamSearch && _options.BeamSize > 1
                ? BeamSearch(owned, logits, maxSteps, cancellationToken)
                : Sample(owned, logits, temperature > 0f ? Math.Max(1, _options.BestOf) : 1, temperature, maxSteps, cancellationToken);

            var text = _tokenizer.Decode(best.Tokens.Select(t => t.Id));
            return new WhisperWindowResult(
                best.Tokens,
                best.SumLogProb,
                best.SumLogProb / (best.Tokens.Count + 1),
                noSpeech,
                temperature,
                text,
                CompressionRatio(text));
        }
        finally
        {
            if (session is not null)
            {
                // Failed before the search took the session and the logits over.
                session.Dispose();
                _pool.Return(logits);
            }
        }
    }

    /// <summary>UTF-8 length over zlib-compressed length (openai's repetition measure).</summary>
    public static double CompressionRatio(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return 0;
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return bytes.Length / (double)compressed.Length;
    }

    private float NoSpeechProbability(float[] logits)
    {
        var lse = WhisperLogitFilters.LogSumExp(logits);
        return (float)Math.Exp(logits[Special.NoSpeech] - lse);
    }

    /// <summary>Greedy (n = 1, T = 0) or best-of-n sampling; takes ownership of <paramref name="session"/> and <paramref name="logits"/>.</summary>
    private WhisperHypothesis Sample(IWhisperDecoderSession session, float[] logits, int n, float temperature, int maxSteps, CancellationToken cancellationToken)
    {
        var hypotheses = new List<WhisperHypothesis>(n);
        try
        {
            for (var k = 0; k < n; k++)
            {
                if (k == 0)
                {
                    hypotheses.Add(new WhisperHypothesis(session, logits, _pool));
                    continue;
                }

                var copy = _pool.Rent();
                logits.CopyTo(copy, 0);
                hypotheses.Add(new WhisperHypothesis(session.Clone(), copy, _pool));
            }

            for (var step = 0; step < maxSteps; step++)
            {
                var active = false;
                foreach (var h in hypotheses.Where(h => !h.Finished))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var dist = Prepare(h.Logits, h.Sampled);
                    var id = temperature > 0f ? SampleToken(dist.Logits, temperature) : WhisperLogitFilters.ArgMax(dist.Logits);
                    var data = dist.TokenData(id, Special);
                    h.SumLogProb += data.LogProbability;
                    if (id == Special.EndOfText)
                    {
                        h.Finished = true;
                        continue;
                    }

                    h.Append(data);
                    if (step + 1 < maxSteps)
                    {
                        h.Session!.Decode([id], h.Logits, cancellationToken);
                        active = true;
                    }
                }

                if (!active)
                {
                    break;
                }
            }

            return hypotheses.MaxBy(h => Score(h.SumLogProb, h.Tokens.Count))!;
        }
        finally
        {
            foreach (var h in hypotheses)
            {
                h.Dispose();
            }
        }
    }

    /// <summary>openai/whisper's BeamSearchDecoder; takes ownership of <paramref name="session"/> and <paramref name="logits"/>.</summary>
    private WhisperHypothesis BeamSearch(IWhisperDecoderSession session, float[] logits, int maxSteps, CancellationToken cancellationToken)
    {
        var beamSize = _options.BeamSize;
        var maxCandidates = Math.Max(1, (int)Math.Round(beamSize * _options.Patience));
        var beams = new List<WhisperHypothesis> { new(session, logits, _pool) };
        var finished = new List<WhisperHypothesis>();
        try
        {
            for (var step = 0; step < maxSteps && beams.Count > 0; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidates = new List<(int Source, WhisperTokenData Data, double Score)>();
                for (var b = 0; b < beams.Count; b++)
                {
                    var dist = Prepare(beams[b].Logits, beams[b].Sampled);
                    foreach (var id in WhisperBeams.TopK(dist.Logits, beamSize + 1))
                    {
                        var data = dist.TokenData(id, Special);
                        candidates.Add((b, data, beams[b].SumLogProb + data.LogProbability));
                    }
                }

                // Stable sort: equal scores keep the earlier beam first.
                var ranked = candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Score).ThenBy(x => x.i).Select(x => x.c).ToList();
                var next = new List<(int Source, WhisperTokenData Data, double Score)>();
                var newlyFinished = new List<WhisperHypothesis>();
                foreach (var c in ranked)
                {
                    if (c.Data.Id == Special.EndOfText)
                    {
                        newlyFinished.Add(beams[c.Source].Branch(null, c.Data, c.Score, finished: true));
                    }
                    else
                    {
                        next.Add(c);
                        if (next.Count == beamSize)
                        {
                            break;
                        }
                    }
                }

                foreach (var f in newlyFinished)
                {
                    if (finished.Count >= maxCandidates)
                    {
                        break;
                    }

                    finished.Add(f);
                }

                if (finished.Count >= maxCandidates || step + 1 >= maxSteps)
                {
                    beams = WhisperBeams.Advance(beams, next, decode: false, cancellationToken);
                    break;
                }

                beams = WhisperBeams.Advance(beams, next, decode: true, cancellationToken);
            }

            // Not enough finished sequences: the unfinished ones compete too (openai's finalize).
            foreach (var b in beams.OrderByDescending(b => b.SumLogProb))
            {
                if (finished.Count >= beamSize)
                {
                    break;
                }

                finished.Add(b.Branch(null, null, b.SumLogProb, finished: true));
            }

            return finished.MaxBy(h => Score(h.SumLogProb, h.Tokens.Count))!;
        }
        finally
        {
            foreach (var b in beams)
            {
                b.Dispose();
            }
        }
    }

    private double Score(double sumLogProb, int length)
    {
        double penalty = Math.Max(1, length);
        if (_options.LengthPenalty is { } alpha)
        {
            penalty = Math.Pow((5.0 + length) / 6.0, alpha);
        }

        return sumLogProb / penalty;
    }

    private int SampleToken(float[] logits, float temperature)
    {
        var max = WhisperLogitFilters.Max(logits);
        double total = 0;
        var weights = _weights;
        for (var i = 0; i < logits.Length; i++)
        {
            weights[i] = logits[i] > float.NegativeInfinity ? Math.Exp((logits[i] - max) / temperature) : 0;
            total += weights[i];
        }

        var r = _random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0 && weights[i] > 0)
            {
                return i;
            }
        }

        return WhisperLogitFilters.ArgMax(logits);
    }

    private WhisperStepDistribution Prepare(float[] rawLogits, IReadOnlyList<int> sampled)
    {
        // Valid until the next Prepare: every caller reads one distribution before preparing the next.
        var logits = _filtered;
        rawLogits.CopyTo(logits, 0);
        _filters.Apply(logits, sampled);
        return new WhisperStepDistribution(logits, WhisperLogitFilters.LogSumExp(logits));
    }
}
