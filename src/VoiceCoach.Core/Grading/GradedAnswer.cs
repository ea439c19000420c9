using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Core.Grading;

/// <summary>
/// What voice-activity detection found in an answer's audio: where speech starts and ends (leading
/// and trailing silence trimmed) and the pauses between speech. Pauses are measured better this way
/// than from a recogniser's word gaps. <see cref="Silent"/> records that detection ran and heard no speech.
/// </summary>
public sealed record VoiceActivity(TimeSpan SpokenStart, TimeSpan SpokenEnd, int Pauses, double PauseSeconds, double LongestPauseSeconds, int LongPauses)
{
    /// <summary>Voice-activity detection ran and heard no speech: the answer is a no-answer whatever a recogniser made of the noise.</summary>
    public static VoiceActivity Silent { get; } = new(TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, 0);

    public TimeSpan Spoken => SpokenEnd - SpokenStart;

    /// <summary>False for <see cref="Silent"/> (an empty spoken span).</summary>
    public bool HeardSpeech => SpokenEnd > SpokenStart;
}

/// <summary>An answer ready to grade: the question, what was said (with word times) and how long it took.</summary>
public sealed record AnswerToGrade
{
    /// <summary>1-based position in the session.</summary>
    public required int Index { get; init; }

    public required Question Question { get; init; }

    public required Transcript Transcript { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>True when word times were estimated from a typed transcript.</summary>
    public bool TimingEstimated { get; init; }

    /// <summary>The answer's audio, relative to the session folder; null for typed transcripts.</summary>
    public string? AudioPath { get; init; }

    /// <summary>Voice activity in the audio, when a VAD ran; null otherwise.</summary>
    public VoiceActivity? Voice { get; init; }

    /// <summary>For a follow-up question: the <see cref="Index"/> of the answer it follows; null otherwise.</summary>
    public int? FollowUpOf { get; init; }
}

/// <summary>Feedback on one answer, in the coach's voice.</summary>
public sealed record AnswerFeedback(
    IReadOnlyList<string> Worked,
    IReadOnlyList<string> NeedsWork,
    string Tip,
    string Template,
    string? CriticalMiss)
{
    /// <summary>
    /// Under a critical miss that means the question went unanswered (no example, off topic, no answer): what the
    /// question asked for, from its talking points (the seed report's "What the Question Asked For"). Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> AskedFor { get; init; } = [];
}

/// <summary>A graded answer: findings, per-criterion scores, the grade, flags and feedback. Immutable.</summary>
public sealed record GradedAnswer
{
    public required AnswerToGrade Answer { get; init; }

    public required AnswerFindings Findings { get; init; }

    /// <summary>Criterion → 0–100 score (see rubric.yaml weights).</summary>
    public required IReadOnlyDictionary<string, double> Criteria { get; init; }

    /// <summary>Weighted score 0–100 before caps.</summary>
    public required double Score { get; init; }

    /// <summary>The final letter grade.</summary>
    public required string Grade { get; init; }

    /// <summary>The rubric's letter grade (equal to <see cref="Grade"/> unless an LLM moved it).</summary>
    public required string RubricGrade { get; init; }

    /// <summary>
    /// The plain rubric's letter when a calibration trained on a coach's labels placed <see cref="RubricGrade"/> (among
    /// what the caps allow); null when the plain rubric graded.
    /// </summary>
    public string? UncalibratedGrade { get; init; }

    /// <summary>The flag whose cap lowered the grade, if any.</summary>
    public string? CappedBy { get; init; }

    /// <summary>Flags such as no_example, incomplete, too_long (stable names; see session.json).</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public required AnswerFeedback Feedback { get; init; }

    /// <summary>What the LLM reviewer said, when one was used.</summary>
    public LlmReview? Llm { get; init; }

    /// <summary>The rubric's own feedback when the LLM reviewer's replaced it in <see cref="Feedback"/>; null otherwise.</summary>
    public AnswerFeedback? RubricFeedback { get; init; }

    public Question Question => Answer.Question;
}

/// <summary>The LLM's review of an answer and what it did to the grade.</summary>
/// <param name="Status">ok, fallback (the LLM failed; rubric feedback kept) or off.</param>
/// <param name="ProposedGrade">The grade the LLM proposed.</param>
/// <param name="Reason">The LLM's reason for its grade, or why it was unavailable.</param>
public sealed record LlmReview(string Status, string? ProposedGrade, string Reason)
{
    public const string Ok = "ok";
    public const string Fallback = "fallback";

    public string? Model { get; init; }

    public double LatencyMs { get; init; }

    /// <summary>Steps the final grade moved from the rubric's (+ better, − worse), after the bound.</summary>
    public int Steps { get; init; }

    /// <summary>True when the proposal was further from the rubric's grade than llm.max_grade_steps allows and was held at the bound.</summary>
    public bool Bounded { get; init; }

    /// <summary>Chat requests made (2 when the first reply needed a repair).</summary>
    public int Attempts { get; init; }
}
