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
}

/// <summary>A sentence of the answer with its STAR-Lite label and times (seconds from the clip start).</summary>
public sealed record LabeledSentence(string Text, StarPart Part, double Start, double End);

/// <summary>A company principle/value found in an answer.</summary>
/// <param name="Id">Value id from the company pack.</param>
/// <param name="Name">Display name.</param>
/// <param name="Tied">True when shown through the story (evidence in a concrete sentence), false when only named.</param>
/// <param name="Phrases">The phrases that matched.</param>
public sealed record ValueEvidence(string Id, string Name, bool Tied, IReadOnlyList<string> Phrases);

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

    /// <summary>The length the verdict was judged on: the spoken span when a VAD ran, else the duration.</summary>
    public double LengthSeconds { get; init; }

    /// <summary>True when pauses and the spoken span come from voice-activity detection.</summary>
    public bool VoiceDetected { get; init; }

    public bool TimingEstimated { get; init; }

    public int Words { get; init; }

    public double WordsPerMinute { get; init; }

    public (double Min, double Max) TargetSeconds { get; init; }

    /// <summary>too_short, short, on_target, long or too_long.</summary>
    public string LengthVerdict { get; init; } = "on_target";

    public required IReadOnlyDictionary<StarPart, StarPartTiming> Star { get; init; }

    public IReadOnlyList<LabeledSentence> Sentences { get; init; } = [];

    public double StoryEvidence { get; init; }

    public int OpinionMarkers { get; init; }

    public bool HasExample { get; init; }

    public bool Incomplete { get; init; }

    public string? IncompleteReason { get; init; }

    /// <summary>Share of the question's content words the answer touches (0–1).</summary>
    public double Relevance { get; init; }

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
