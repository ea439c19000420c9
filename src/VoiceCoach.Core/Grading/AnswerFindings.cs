using VoiceCoach.Core.Questions;

namespace VoiceCoach.Core.Grading;

/// <summary>The STAR-Lite parts, in the order a story tells them.</summary>
public enum StarPart
{
    Situation,
    Task,
    Action,
    Result,
    Connection,
}

/// <summary>One STAR-Lite part of an answer: whether it was there and how long it took.</summary>
public sealed record StarPartTiming(bool Present, double Seconds, double BudgetSeconds, string Text)
{
    /// <summary>True when the part took more than the budget allows (see rubric star_budget).</summary>
    public bool OverBudget { get; init; }

    /// <summary>The STAR classifier's mean probability of this part over the answer's sentences (0–1).</summary>
    public double Probability { get; init; }
}

/// <summary>A sentence of the answer with its STAR-Lite label and times (seconds from the clip start).</summary>
public sealed record LabeledSentence(string Text, StarPart Part, double Start, double End);

/// <summary>A company principle/value found in an answer.</summary>
/// <param name="Id">Value id from the company pack.</param>
/// <param name="Name">Display name.</param>
/// <param name="Tied">True when shown through the story (evidence in a concrete sentence), false when only named.</param>
/// <param name="Phrases">The phrases that matched.</param>
public sealed record ValueEvidence(string Id, string Name, bool Tied, IReadOnlyList<string> Phrases)
{
    /// <summary>True when the answer says the value's name ("that's judgment").</summary>
    public bool Named { get; init; }
}

/// <summary>
/// A critical miss the analysis suspects, with how sure it is. Whether it caps the grade, is a "needs work"
/// point or is dropped follows from the confidence and rubric.yaml's critical thresholds.
/// </summary>
/// <param name="Flag">no_example, incomplete, off_topic or red_flag.</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Reason">What the confidence rests on, for the report and session.json ("ends on \"the\"; speech ran to the end of the recording").</param>
public sealed record CriticalMissCheck(string Flag, double Confidence, string Reason);

/// <summary>A red flag heard in an answer.</summary>
public sealed record RedFlagHit(string Id, string Label, string Phrase, string Why, string Severity);

/// <summary>
/// Everything the rubric grader measured in one answer, before weighting. Immutable.
/// Times are seconds.
/// </summary>
public sealed record AnswerFindings
{
    public double DurationSeconds { get; init; }

    public double SpokenSeconds { get; init; }

    /// <summary>
    /// The length the verdict was judged on, the spoken span: voice-activity detection's when it ran, else from the
    /// first recognised word to the last; a typed transcript's stated duration; 0 when nothing was said.
    /// </summary>
    public double LengthSeconds { get; init; }

    /// <summary>True when pauses and the spoken span come from voice-activity detection.</summary>
    public bool VoiceDetected { get; init; }

    public bool TimingEstimated { get; init; }

    public int Words { get; init; }

    public double WordsPerMinute { get; init; }

    public (double Min, double Max) TargetSeconds { get; init; }

    /// <summary>The length against the target, judged on <see cref="LengthSeconds"/>; <see cref="Grading.LengthVerdict.NoAnswer"/> when nothing was said.</summary>
    public LengthVerdict LengthVerdict { get; init; } = LengthVerdict.OnTarget;

    /// <summary>True when the answer had no speech (no words, or voice-activity detection heard none).</summary>
    public bool NoAnswer => LengthVerdict == LengthVerdict.NoAnswer;

    public required IReadOnlyDictionary<StarPart, StarPartTiming> Star { get; init; }

    public IReadOnlyList<LabeledSentence> Sentences { get; init; } = [];

    public double StoryEvidence { get; init; }

    public int OpinionMarkers { get; init; }

    public bool HasExample { get; init; }

    public bool Incomplete { get; init; }

    public string? IncompleteReason { get; init; }

    /// <summary>How well the answer addresses its question (0–1), from the sentence encoder's similarity.</summary>
    public double Relevance { get; init; }

    /// <summary>Mean similarity (cosine) of the answer's best sentences to the question and its talking points.</summary>
    public double RelevanceSimilarity { get; init; }

    /// <summary>The answer's sentence most like a request to skip (rubric no_attempt.examples): its similarity (0 when none is read).</summary>
    public double DeclineSimilarity { get; init; }

    /// <summary>Share of the bank's other questions that are closer to the answer than its own question (0 = its own is closest).</summary>
    public double CloserQuestionsShare { get; init; }

    /// <summary>
    /// How much of what the question asks for the answer says: for each talking point the similarity of the answer's
    /// closest sentence, averaged (0 when the question has none). A thin or generic answer touches the points loosely.
    /// </summary>
    public double TalkingPointSimilarity { get; init; }

    /// <summary>Share of the question's talking points some sentence of the answer covers (rubric semantic.talking_point_covered); 0 without talking points.</summary>
    public double TalkingPointsCovered { get; init; }

    /// <summary>
    /// How much closer the answer's most misled sentence is to one of the question's known-wrong statements than to any
    /// of its talking points (0 when none is closer, or the question lists no misconceptions).
    /// </summary>
    public double MisconceptionLean { get; init; }

    /// <summary>
    /// The sentence most like another question of the bank: its similarity to the closest other question minus its
    /// similarity to its own question (0 with no other question). Evidence for the calibrated grade only.
    /// </summary>
    public double SiblingSentenceMargin { get; init; }

    /// <summary>The closest other question's similarity to the answer's best sentences minus its own question's.</summary>
    public double SiblingAnswerMargin { get; init; }

    /// <summary>The red-flag classifier's highest probability on any sentence (any bar; 0 without the classifier).</summary>
    public double RedFlagStanceMax { get; init; }

    /// <summary>The same, among the sentences that state the flag's stance (of herself, or any told flag).</summary>
    public double RedFlagStanceStatedMax { get; init; }

    /// <summary>The question's wrong claims the answer states (its idea said backwards, read by word order); empty when none.</summary>
    public IReadOnlyList<WrongClaim> WrongClaims { get; init; } = [];

    /// <summary>The tools and products the answer names (rubric substance.tools), each once, as the rubric writes them.</summary>
    public IReadOnlyList<string> ToolsNamed { get; init; } = [];

    /// <summary>The critical misses the analysis suspects, each with its confidence (see rubric critical).</summary>
    public IReadOnlyList<CriticalMissCheck> CriticalMisses { get; init; } = [];

    public IReadOnlyList<string> Numbers { get; init; } = [];

    public bool NumbersInResult { get; init; }

    /// <summary>Numbers said in the result or connection sentences ("50 percent").</summary>
    public IReadOnlyList<string> ResultNumbers { get; init; } = [];

    public int IWords { get; init; }

    public int WeWords { get; init; }

    public IReadOnlyList<ValueEvidence> Values { get; init; } = [];

    public IReadOnlyList<string> KeyPhrasesUsed { get; init; } = [];

    public bool MentionsCompany { get; init; }

    public IReadOnlyList<string> RoleTerms { get; init; } = [];

    public IReadOnlyList<RedFlagHit> RedFlags { get; init; } = [];

    public IReadOnlyList<string> EnthusiasmMarkers { get; init; } = [];

    public IReadOnlyDictionary<string, int> Fillers { get; init; } = new Dictionary<string, int>();

    public int FillerCount => Fillers.Values.Sum();

    public double FillersPerMinute { get; init; }

    /// <summary>When each filler started (seconds), for the timeline.</summary>
    public IReadOnlyList<double> FillerTimes { get; init; } = [];

    public IReadOnlyDictionary<string, int> Hedges { get; init; } = new Dictionary<string, int>();

    public int HedgeCount => Hedges.Values.Sum();

    public IReadOnlyList<string> Repeats { get; init; } = [];

    public int Pauses { get; init; }

    public int LongPauses { get; init; }

    public double LongestPauseSeconds { get; init; }

    public double TotalPauseSeconds { get; init; }
}

/// <summary>Helpers on red-flag hits.</summary>
public static class RedFlagHitExtensions
{
    public static bool IsHighSeverity(this RedFlagHit hit) =>
        string.Equals(hit.Severity, "high", StringComparison.OrdinalIgnoreCase);
}
