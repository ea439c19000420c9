using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Transcription;

/// <summary>
/// Gives a typed transcript (no audio) word times, so the grader can measure it like a spoken one:
/// the duration is shared out by word length, with a short pause after each sentence. Reports say
/// when timings were estimated.
/// </summary>
public static class TranscriptTiming
{
    /// <summary>The engine name used for typed transcripts.</summary>
    public const string TypedEngine = "typed transcript (timings estimated)";

    /// <summary>Builds a one-segment transcript with estimated word times spread over <paramref name="duration"/>.</summary>
    public static Transcript Estimate(string text, TimeSpan duration, string engine = TypedEngine)
    {
        var raw = text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (raw.Length == 0)
        {
            return Transcript.Empty(engine);
        }

        // Weight: letters + 2 per word, plus a pause worth 6 letters after a sentence end.
        var weights = new double[raw.Length];
        double total = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            weights[i] = WordText.Normalize(raw[i]).Length + 2 + (WordText.EndsSentence(raw[i]) && i < raw.Length - 1 ? 6 : 0);
            total += weights[i];
        }

        var seconds = duration.TotalSeconds > 0 ? duration.TotalSeconds : raw.Length / 2.5;
        var words = new List<TimedWord>(raw.Length);
        double t = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var span = seconds * weights[i] / total;
            var pause = WordText.EndsSentence(raw[i]) && i < raw.Length - 1 ? seconds * 6 / total : 0;
            words.Add(new TimedWord(raw[i], TimeSpan.FromSeconds(t), TimeSpan.FromSeconds(t + span - pause)));
            t += span;
        }

        var segment = new TranscriptSegment(TimeSpan.Zero, TimeSpan.FromSeconds(seconds), string.Join(' ', raw), words);
        return new Transcript(engine, [segment]);
    }
}
