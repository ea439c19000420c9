namespace VoiceCoach.Whisper;

/// <summary>
/// Per-word times for one clip from decoded tokens, whichever runtime decoded them: whisper.cpp's token-level
/// timestamps (see <see cref="WhisperTokenTiming"/>, with its energy step fixed to read the clip where the token is),
/// then words by <see cref="WhisperWords"/>. Feed it the segments of a clip in order; it keeps the last timestamp used
/// within a window, as whisper.cpp does, and starts afresh when the window changes. One instance per clip; not
/// thread-safe.
/// </summary>
public sealed class WhisperWordTimer
{
    private readonly WhisperTokenizer _tokenizer;
    private readonly float[] _energy;
    private long _windowStart = -1;
    private int _lastTimestampId;

    /// <summary>A timer for a clip of 16 kHz mono <paramref name="samples"/> (their energy is computed once, here).</summary>
    public WhisperWordTimer(WhisperTokenizer tokenizer, ReadOnlySpan<float> samples)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        _energy = WhisperTokenTiming.SignalEnergy(samples);
    }

    /// <summary>The words of one segment.</summary>
    /// <param name="tokens">The segment's tokens as sampled (text and timestamps; an opening timestamp may be left out).</param>
    /// <param name="windowStart">Start of the 30 s window the segment was decoded in, centiseconds from the clip start.</param>
    /// <param name="segmentStart">Segment start, centiseconds, inside the clip.</param>
    /// <param name="segmentEnd">Segment end, centiseconds, inside the clip.</param>
    public List<WhisperWord> Words(IReadOnlyList<WhisperTokenData> tokens, long windowStart, long segmentStart, long segmentEnd)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (windowStart != _windowStart)
        {
            _windowStart = windowStart;
            _lastTimestampId = _tokenizer.Special.TimestampBegin - 1;
        }

        var list = new List<WhisperTokenData>(tokens);
        if (list.Count > 0 && !_tokenizer.Special.IsTimestamp(list[^1].Id))
        {
            // No closing timestamp: a zero-probability end marker keeps the last word from collapsing to the segment end.
            list.Add(new WhisperTokenData(_tokenizer.Special.EndOfText, 0, float.NegativeInfinity, _tokenizer.Special.TimestampBegin, 0, 0));
        }

        var times = WhisperTokenTiming.TokenTimes(list, _tokenizer, windowStart, segmentStart, segmentEnd, ref _lastTimestampId, _energy);
        return WhisperWords.FromTokens(list.Select((t, i) => new WhisperTimedToken(t.Id, times[i].Start, times[i].End, t.Probability)), _tokenizer);
    }
}
