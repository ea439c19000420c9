using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Whisper;
using NetSegment = Whisper.net.SegmentData;

namespace VoiceCoach.Speech.WhisperNet;

/// <summary>
/// Turns whisper.cpp's segments of one clip into ours exactly as the managed engine makes its own. Word times are
/// recomputed from the tokens' raw timestamp guesses (id, probability, sum) by <see cref="WhisperWordTimer"/> rather than
/// taken from whisper.cpp: its 1.8 energy step reads the clip's energy shifted by the segment's start (words ended
/// about one segment-start late on the random model), and its segment ends may lie past the end of the audio (the
/// window is padded to 30 s). Segments are clamped to the clip and dropped when they start after it, as the managed
/// engine does. One instance per clip, fed its segments in order; not thread-safe.
/// </summary>
internal sealed class WhisperNetSegmentMapper
{
    private readonly WhisperTokenizer _tokenizer;
    private readonly WhisperWordTimer _timer;
    private readonly long _clipEnd;
    private long _windowStart;

    public WhisperNetSegmentMapper(WhisperTokenizer tokenizer, ReadOnlySpan<float> samples)
    {
        _tokenizer = tokenizer;
        _timer = new WhisperWordTimer(tokenizer, samples);
        _clipEnd = samples.Length * 100L / AudioClip.SampleRate;
    }

    /// <summary>Our segment for <paramref name="segment"/>, or null when it starts after the end of the audio.</summary>
    public TranscriptSegment? Map(NetSegment segment)
    {
        var special = _tokenizer.Special;
        var rawStart = Centis(segment.Start);
        var rawEnd = Centis(segment.End);
        var tokens = segment.Tokens
            .Select(t => new WhisperTokenData(t.Id, t.Probability, t.ProbabilityLog, t.TimestampId, t.TimestampProbability, t.TimestampProbabilitySum))
            .ToList();

        // whisper.cpp sets a segment's end to window start + 2 × (closing timestamp − <|0.00|>); without a closing
        // timestamp the segment is the window's last and shares the previous segment's window.
        if (tokens.Count > 0 && special.IsTimestamp(tokens[^1].Id))
        {
            _windowStart = rawEnd - (2L * (tokens[^1].Id - special.TimestampBegin));
        }

        if (rawStart >= _clipEnd)
        {
            return null;
        }

        // whisper.cpp leaves the opening timestamp out of a segment's tokens; put it back, as our decoder keeps it.
        if (tokens.Count == 0 || !special.IsTimestamp(tokens[0].Id))
        {
            var opening = special.TimestampBegin + (int)Math.Max(0, (rawStart - _windowStart) / 2);
            tokens.Insert(0, new WhisperTokenData(opening, 1, 0, opening, 1, 1));
        }

        var start = Math.Min(rawStart, _clipEnd);
        var end = Math.Clamp(rawEnd, start, _clipEnd);
        var words = _timer.Words(tokens, _windowStart, start, end)
            .Select(w => new TimedWord(w.Text, w.Start, w.End, w.Probability))
            .ToList();
        return new TranscriptSegment(TimeSpan.FromMilliseconds(start * 10), TimeSpan.FromMilliseconds(end * 10), segment.Text.Trim(), words);
    }

    private static long Centis(TimeSpan t) => (long)Math.Round(t.TotalMilliseconds / 10);
}
