namespace VoiceCoach.Audio.Vad;

/// <summary>
/// Pauses inside an answer, for the grader: the gaps between consecutive speech segments (silence before the
/// first and after the last segment is not a pause; see <see cref="VadResult.SpokenStart"/> for trimming).
/// </summary>
/// <param name="Count">Pauses at least <c>minimumPause</c> long.</param>
/// <param name="Total">Their summed length.</param>
/// <param name="Longest">The longest one (zero when there is none).</param>
/// <param name="LongPauseCount">Pauses longer than <c>longPause</c> (2 s by default).</param>
public sealed record PauseStatistics(int Count, TimeSpan Total, TimeSpan Longest, int LongPauseCount)
{
    /// <summary>The default length above which a pause counts as long: 2 s.</summary>
    public static readonly TimeSpan DefaultLongPause = TimeSpan.FromSeconds(2);

    /// <summary>No pauses.</summary>
    public static PauseStatistics None { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Total in seconds, for reports.</summary>
    public double TotalSeconds => Total.TotalSeconds;

    /// <summary>Statistics of the gaps between <paramref name="segments"/> (sorted by time).</summary>
    /// <param name="segments">Speech segments, e.g. <see cref="VadResult.Segments"/>.</param>
    /// <param name="minimumPause">Shorter gaps are not counted as pauses. Default zero: every gap counts (whisper.cpp's
    /// segmenter already merges gaps under 200 ms).</param>
    /// <param name="longPause">A gap longer than this is a long pause. Default 2 s.</param>
    public static PauseStatistics FromSegments(IReadOnlyList<SpeechSegment> segments, TimeSpan? minimumPause = null, TimeSpan? longPause = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var min = minimumPause ?? TimeSpan.Zero;
        var lng = longPause ?? DefaultLongPause;
        var count = 0;
        var longCount = 0;
        var total = TimeSpan.Zero;
        var longest = TimeSpan.Zero;
        for (var i = 1; i < segments.Count; i++)
        {
            var gap = segments[i].Start - segments[i - 1].End;
            if (gap <= TimeSpan.Zero || gap < min)
            {
                continue;
            }

            count++;
            total += gap;
            longest = gap > longest ? gap : longest;
            if (gap > lng)
            {
                longCount++;
            }
        }

        return count == 0 ? None : new PauseStatistics(count, total, longest, longCount);
    }

    /// <summary>Statistics from per-window probabilities, through <see cref="VadSegmenter"/> with <paramref name="options"/>.</summary>
    public static PauseStatistics FromProbabilities(ReadOnlySpan<float> probabilities, VadOptions? options = null, int windowSamples = 512, TimeSpan? minimumPause = null, TimeSpan? longPause = null) =>
        FromSegments(VadSegmenter.FromProbabilities(probabilities, options, windowSamples), minimumPause, longPause);
}
