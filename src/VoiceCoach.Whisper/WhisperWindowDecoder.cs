using System.IO.Compression;
using System.Text;

namespace VoiceCoach.Whisper;

/// <summary>One sampled token with what token-level timing needs (as whisper.cpp's whisper_token_data).</summary>
/// <param name="Id">The token.</param>
/// <param name="Probability">Its probability after the logit filters.</param>
/// <param name="LogProbability">Its log-probability after the logit filters.</param>
/// <param name="TimestampId">The most probable timestamp token at this step.</param>
/// <param name="TimestampProbability">That timestamp's share of all timestamp probability.</param>
/// <param name="TimestampProbabilitySum">Total probability of the timestamp tokens.</param>
public readonly record struct WhisperTokenData(
    int Id, float Probability, float LogProbability, int TimestampId, float TimestampProbability, float TimestampProbabilitySum);

/// <summary>The decoded text of one 30 s window at one temperature.</summary>
/// <param name="Tokens">Sampled tokens without the final end-of-text.</param>
/// <param name="SumLogProb">Sum of log-probabilities, including end-of-text when it was sampled.</param>
/// <param name="AvgLogProb">SumLogProb / (tokens + 1), as openai.</param>
/// <param name="NoSpeechProbability">Probability of &lt;|nospeech|&gt; at the first step, before any filter.</param>
/// <param name="Temperature">The temperature that produced it.</param>
/// <param name="Text">Decoded text tokens.</param>
/// <param name="CompressionRatio">UTF-8 length / zlib-compressed length of the text (high = repetitive).</param>
internal sealed record WhisperWindowResult(
    IReadOnlyList<WhisperTokenData> Tokens,
    double SumLogProb,
    double AvgLogProb,
    float NoSpeechProbability,
    float Temperature,
    string Text,
    double CompressionRatio);

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
    private readonly LogitsPool _pool;

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
        _pool = new LogitsPool(tokenizer.Special.VocabularySize);
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
    private Hypothesis Sample(IWhisperDecoderSession session, float[] logits, int n, float temperature, int maxSteps, CancellationToken cancellationToken)
    {
        var hypotheses = new List<Hypothesis>(n);
        try
        {
            for (var k = 0; k < n; k++)
            {
                if (k == 0)
                {
                    hypotheses.Add(new Hypothesis(session, logits, _pool));
                    continue;
                }

                var copy = _pool.Rent();
                logits.CopyTo(copy, 0);
                hypotheses.Add(new Hypothesis(session.Clone(), copy, _pool));
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
    private Hypothesis BeamSearch(IWhisperDecoderSession session, float[] logits, int maxSteps, CancellationToken cancellationToken)
    {
        var beamSize = _options.BeamSize;
        var maxCandidates = Math.Max(1, (int)Math.Round(beamSize * _options.Patience));
        var beams = new List<Hypothesis> { new(session, logits, _pool) };
        var finished = new List<Hypothesis>();
        try
        {
            for (var step = 0; step < maxSteps && beams.Count > 0; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidates = new List<(int Source, WhisperTokenData Data, double Score)>();
                for (var b = 0; b < beams.Count; b++)
                {
                    var dist = Prepare(beams[b].Logits, beams[b].Sampled);
                    foreach (var id in TopK(dist.Logits, beamSize + 1))
                    {
                        var data = dist.TokenData(id, Special);
                        candidates.Add((b, data, beams[b].SumLogProb + data.LogProbability));
                    }
                }

                // Stable sort: equal scores keep the earlier beam first.
                var ranked = candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Score).ThenBy(x => x.i).Select(x => x.c).ToList();
                var next = new List<(int Source, WhisperTokenData Data, double Score)>();
                var newlyFinished = new List<Hypothesis>();
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
                    beams = Advance(beams, next, decode: false, cancellationToken);
                    break;
                }

                beams = Advance(beams, next, decode: true, cancellationToken);
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

    /// <summary>
    /// New beams from the chosen candidates: clone a source's session per extra child; every source is disposed (its
    /// session and logits go back to the pools). Sources without children go first, so no more states are alive at
    /// once than there are beams.
    /// </summary>
    private static List<Hypothesis> Advance(List<Hypothesis> beams, List<(int Source, WhisperTokenData Data, double Score)> next, bool decode, CancellationToken cancellationToken)
    {
        var result = new List<Hypothesis>(next.Count);
        var children = next.GroupBy(c => c.Source).ToDictionary(g => g.Key, g => g.ToList());
        try
        {
            for (var b = 0; b < beams.Count; b++)
            {
                if (!children.ContainsKey(b))
                {
                    beams[b].Dispose();
                }
            }

            for (var b = 0; b < beams.Count; b++)
            {
                if (!children.TryGetValue(b, out var list))
                {
                    continue;
                }

                // Clone for all children but the first before anything is appended to the source session.
                var sessions = new IWhisperDecoderSession?[list.Count];
                for (var k = 1; k < list.Count; k++)
                {
                    sessions[k] = decode ? beams[b].Session!.Clone() : null;
                }

                sessions[0] = beams[b].TakeSession();
                for (var k = 0; k < list.Count; k++)
                {
                    var child = beams[b].Branch(sessions[k], list[k].Data, list[k].Score, finished: false);
                    result.Add(child);
                    if (decode)
                    {
                        child.Session!.Decode([list[k].Data.Id], child.Logits, cancellationToken);
                    }
                }

                beams[b].Dispose();
            }

            // Keep the ranking order of the candidates.
            return [.. result.OrderByDescending(h => h.SumLogProb)];
        }
        catch
        {
            foreach (var h in result)
            {
                h.Dispose();
            }

            throw;
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

    /// <summary>The k largest finite values, largest first (lower id first on ties); O(n·k), k is small.</summary>
    private static List<int> TopK(float[] values, int k)
    {
        var top = new List<int>(k + 1);
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v == float.NegativeInfinity || (top.Count == k && v <= values[top[^1]]))
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && v > values[top[at - 1]])
            {
                at--;
            }

            top.Insert(at, i);
            if (top.Count > k)
            {
                top.RemoveAt(k);
            }
        }

        return top;
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

    private Distribution Prepare(float[] rawLogits, IReadOnlyList<int> sampled)
    {
        // Valid until the next Prepare: every caller reads one distribution before preparing the next.
        var logits = _filtered;
        rawLogits.CopyTo(logits, 0);
        _filters.Apply(logits, sampled);
        return new Distribution(logits, WhisperLogitFilters.LogSumExp(logits));
    }

    /// <summary>Filtered logits of one step and their normaliser.</summary>
    private sealed class Distribution(float[] logits, float logSumExp)
    {
        private (int Id, float Max, float Sum)? _timestamps;

        public float[] Logits { get; } = logits;

        public WhisperTokenData TokenData(int id, WhisperSpecialTokens special)
        {
            var logp = Logits[id] - logSumExp;
            var p = (float)Math.Exp(logp);
            var (tid, max, sum) = _timestamps ??= TimestampStats(special.TimestampBegin);
            var pt = (float)(max / (sum + 1e-10));
            return special.IsTimestamp(id)
                ? new WhisperTokenData(id, p, logp, id, p, sum)
                : new WhisperTokenData(id, p, logp, tid, pt, sum);
        }

        private (int Id, float Max, float Sum) TimestampStats(int begin)
        {
            var id = begin;
            double max = 0;
            double sum = 0;
            for (var i = begin; i < Logits.Length; i++)
            {
                var p = Math.Exp(Logits[i] - logSumExp);
                sum += p;
                if (p > max)
                {
                    max = p;
                    id = i;
                }
            }

            return (id, (float)max, (float)sum);
        }
    }

    /// <summary>Vocabulary-sized logits arrays handed back and forth between hypotheses (not thread-safe: one decoder).</summary>
    private sealed class LogitsPool(int vocabulary)
    {
        private readonly Stack<float[]> _free = new();

        public float[] Rent() => _free.TryPop(out var a) ? a : new float[vocabulary];

        public void Return(float[] logits)
        {
            if (logits.Length == vocabulary)
            {
                _free.Push(logits);
            }
        }
    }

    /// <summary>A transcript so far, with its decoder session and the logits for its next token (owned; given back to the pool when disposed).</summary>
    private sealed class Hypothesis(IWhisperDecoderSession? session, float[] logits, LogitsPool pool) : IDisposable
    {
        private bool _disposed;

        private readonly List<WhisperTokenData> _tokens = [];
        private readonly List<int> _sampled = [];

        public IWhisperDecoderSession? Session { get; private set; } = session;

        public float[] Logits { get; } = logits;

        public IReadOnlyList<WhisperTokenData> Tokens => _tokens;

        public IReadOnlyList<int> Sampled => _sampled;

        public double SumLogProb { get; set; }

        public bool Finished { get; set; }

        public void Append(WhisperTokenData data)
        {
            _tokens.Add(data);
            _sampled.Add(data.Id);
        }

        public IWhisperDecoderSession? TakeSession()
        {
            var s = Session;
            Session = null;
            return s;
        }

        /// <summary>A copy of this transcript plus one token (end-of-text is scored, not appended).</summary>
        public Hypothesis Branch(IWhisperDecoderSession? session, WhisperTokenData? data, double score, bool finished)
        {
            var h = new Hypothesis(session, finished ? [] : pool.Rent(), pool) { SumLogProb = score, Finished = finished };
            foreach (var t in _tokens)
            {
                h.Append(t);
            }

            if (data is { } d && !finished)
            {
                h.Append(d);
            }

            return h;
        }

        public void Dispose()
        {
            Session?.Dispose();
            Session = null;
            if (!_disposed)
            {
                _disposed = true;
                pool.Return(Logits);
            }
        }
    }
}
