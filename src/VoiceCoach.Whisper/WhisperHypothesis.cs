namespace VoiceCoach.Whisper;

/// <summary>A transcript so far, with its decoder session and the logits for its next token (owned; given back to the pool when disposed).</summary>
internal sealed class WhisperHypothesis(IWhisperDecoderSession? session, float[] logits, WhisperLogitsPool pool) : IDisposable
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
    public WhisperHypothesis Branch(IWhisperDecoderSession? session, WhisperTokenData? data, double score, bool finished)
    {
        var h = new WhisperHypothesis(session, finished ? [] : pool.Rent(), pool) { SumLogProb = score, Finished = finished };
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
