namespace VoiceCoach.Core.Transcription;

/// <summary>A word with its start and end time from the beginning of the clip.</summary>
/// <param name="Text">The word as recognised, without surrounding spaces.</param>
/// <param name="Start">Start time from the beginning of the clip.</param>
/// <param name="End">End time from the beginning of the clip.</param>
/// <param name="Confidence">Engine confidence in [0, 1] when the engine gives one.</param>
public sealed record TimedWord(string Text, TimeSpan Start, TimeSpan End, double? Confidence = null)
{
    /// <summary>Duration of the word.</summary>
    public TimeSpan Duration => End - Start;
}

/// <summary>A stretch of recognised speech (a sentence or a decoder window) with its words.</summary>
public sealed record TranscriptSegment(TimeSpan Start, TimeSpan End, string Text, IReadOnlyList<TimedWord> Words);

/// <summary>The result of transcribing one clip.</summary>
/// <param name="Engine">The engine that produced it (named in every report).</param>
/// <param name="Segments">Segments in time order.</param>
public sealed record Transcript(string Engine, IReadOnlyList<TranscriptSegment> Segments)
{
    /// <summary>All words in time order.</summary>
    public IReadOnlyList<TimedWord> Words => Segments.SelectMany(s => s.Words).ToList();

    /// <summary>The text of all segments joined by single spaces.</summary>
    public string Text => string.Join(' ', Segments.Select(s => s.Text.Trim()).Where(t => t.Length > 0));

    /// <summary>An empty transcript (nothing was said).</summary>
    public static Transcript Empty(string engine) => new(engine, Array.Empty<TranscriptSegment>());
}
