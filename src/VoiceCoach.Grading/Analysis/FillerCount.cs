using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// The grader's own filler count (the rubric's filler words and phrases, and its rule for "like"), for measuring a
/// recogniser by the rule the grade uses (`transcribe --eval`) without grading a whole answer.
/// </summary>
public static class FillerCount
{
    /// <summary>Each filler heard in <paramref name="transcript"/> and how often.</summary>
    public static IReadOnlyDictionary<string, int> In(RubricSettings rubric, Transcript transcript) =>
        new DeliveryMeter(rubric).Measure(AnswerText.From(transcript), voice: null, timingEstimated: true).Fillers;
}
