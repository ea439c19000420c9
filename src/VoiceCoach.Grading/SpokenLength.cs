using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Grading;

/// <summary>
/// How long an answer was spoken and the length verdict against its target. Length is judged on the spoken span,
/// never on the recording: voice-activity detection's span when it ran, else the first recognised word to the last
/// (a recogniser's words), else a typed transcript's stated duration. No speech at all (no words, or detection heard
/// none) is <see cref="LengthVerdict.NoAnswer"/>, with nothing judged: five minutes of silence is not "too long".
/// </summary>
/// <param name="SpokenSeconds">The spoken span (what detection heard even when no word was recognised).</param>
/// <param name="JudgedSeconds">The length the verdict was judged on; 0 for no answer.</param>
/// <param name="Verdict">The verdict.</param>
public sealed record SpokenLength(double SpokenSeconds, double JudgedSeconds, LengthVerdict Verdict)
{
    /// <summary>Measures one answer.</summary>
    /// <param name="rubric">The rubric (too-short and too-long points).</param>
    /// <param name="words">The transcript's words.</param>
    /// <param name="durationSeconds">The recording's length, or a typed transcript's stated length.</param>
    /// <param name="timingEstimated">True when word times were spread over a typed transcript's stated length.</param>
    /// <param name="voice">Voice activity when detection ran; <see cref="VoiceActivity.Silent"/> when it heard nothing.</param>
    /// <param name="target">The question's target length.</param>
    public static SpokenLength Measure(RubricSettings rubric, IReadOnlyList<TimedWord> words, double durationSeconds, bool timingEstimated, VoiceActivity? voice, (double Min, double Max) target)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(words);
        var detected = voice?.Spoken.TotalSeconds;
        if (words.Count == 0 || voice is { HeardSpeech: false })
        {
            return new SpokenLength(Math.Max(0, detected ?? 0), 0, LengthVerdict.NoAnswer);
        }

        var wordSpan = Math.Max(0, (words[^1].End - words[0].Start).TotalSeconds);
        var spoken = detected ?? wordSpan;
        var judged = detected ?? (timingEstimated || wordSpan <= 0 ? durationSeconds : wordSpan);
        return new SpokenLength(spoken, judged, rubric.JudgeLength(judged, target));
    }
}
