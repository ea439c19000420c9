using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Grading;

/// <summary>A letter grade, the lowest score that earns it, and its grade points.</summary>
public sealed record GradeBand(string Letter, double MinScore, double Points);

/// <summary>A culture-fluency level (n/5) and the integration percentage it starts at.</summary>
public sealed record FluencyLevel(int Level, string Label, double MinPct);

/// <summary>Criteria weights for one question kind (0–100 each, summing to 100).</summary>
public sealed record CriterionWeights(IReadOnlyDictionary<string, double> Weights)
{
    public double this[string criterion] => Weights.GetValueOrDefault(criterion);
}

/// <summary>
/// Every number the rubric grader uses, read from prompts/rubric.yaml (documented there).
/// Immutable; load once per run.
/// </summary>
public sealed record RubricSettings
{
    public static readonly IReadOnlyList<string> Criteria =
        ["structure", "example", "length", "values", "role", "results", "delivery", "ownership", "enthusiasm", "relevance"];

    public required IReadOnlyDictionary<string, (double Min, double Max)> LengthTargets { get; init; }

    public double GraceSeconds { get; init; } = 5;

    public double TooShortRatio { get; init; } = 0.67;

    public double TooLongRatio { get; init; } = 1.25;

    /// <summary>The length a follow-up question's answer should have, seconds (length.follow_up_target). Default 15–45.</summary>
    public (double Min, double Max) FollowUpTarget { get; init; } = (15, 45);

    public double SituationBudget { get; init; } = 5;

    public double TaskBudget { get; init; } = 5;

    public double ActionBudget { get; init; } = 15;

    public double ResultBudget { get; init; } = 10;

    public double OverBudgetRatio { get; init; } = 2;

    public (double Min, double Max) IdealPace { get; init; } = (130, 170);

    public double SlowPace { get; init; } = 110;

    public double FastPace { get; init; } = 185;

    public double SentenceGapSeconds { get; init; } = 0.3;

    public int MaxSentenceWords { get; init; } = 25;

    public double PauseSeconds { get; init; } = 0.5;

    public double LongPauseSeconds { get; init; } = 2;

    public IReadOnlyList<Phrase> FillerWords { get; init; } = [];

    public IReadOnlyList<Phrase> FillerPhrases { get; init; } = [];

    public IReadOnlySet<string> LikeIsVerbAfter { get; init; } = new HashSet<string>();

    public double MaxFillersPerMinute { get; init; } = 4;

    public IReadOnlyList<Phrase> Hedges { get; init; } = [];

    public IReadOnlyList<Phrase> Enthusiasm { get; init; } = [];

    public IReadOnlyList<Phrase> SpecificMarkers { get; init; } = [];

    public IReadOnlyList<Phrase> OpinionMarkers { get; init; } = [];

    public double MinStoryEvidence { get; init; } = 4;

    public IReadOnlySet<string> DanglingEndings { get; init; } = new HashSet<string>();

    public double MinRelevance { get; init; } = 0.08;

    public int RelevanceMinWords { get; init; } = 40;

    public double WeShare { get; init; } = 0.6;

    public int MinWe { get; init; } = 4;

    public required IReadOnlyDictionary<string, CriterionWeights> Weights { get; init; }

    /// <summary>Flag → the highest letter an answer with that flag can get.</summary>
    public IReadOnlyDictionary<string, string> Caps { get; init; } = new Dictionary<string, string>();

    /// <summary>Best first.</summary>
    public required IReadOnlyList<GradeBand> Grades { get; init; }

    /// <summary>Lowest first.</summary>
    public required IReadOnlyList<FluencyLevel> FluencyLevels { get; init; }

    public int NextTargetGradeSteps { get; init; } = 3;

    public string NextTargetGradeFloor { get; init; } = "B";

    public double NextTargetCulturePoints { get; init; } = 30;

    public double NextTargetCultureMax { get; init; } = 90;

    public int LlmMaxGradeSteps { get; init; } = 1;

    /// <summary>STAR part name (situation, task, action, result, connection) → cue phrases.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Phrase>> StarCues { get; init; } = new Dictionary<string, IReadOnlyList<Phrase>>();

    /// <summary>Flag → coaching tip, in priority order (first matching flag wins).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tips { get; init; } = [];

    /// <summary>Question kind → improved-answer template.</summary>
    public IReadOnlyDictionary<string, string> Templates { get; init; } = new Dictionary<string, string>();

    /// <summary>Template slot → hint shown when the candidate's answer had nothing for it.</summary>
    public IReadOnlyDictionary<string, string> Hints { get; init; } = new Dictionary<string, string>();

    /// <summary>Development area → the report's wording.</summary>
    public IReadOnlyDictionary<string, string> Areas { get; init; } = new Dictionary<string, string>();

    /// <summary>Development area → short focus name ("Conciseness").</summary>
    public IReadOnlyDictionary<string, string> FocusNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Development area → action item title and steps.</summary>
    public IReadOnlyDictionary<string, (string Title, IReadOnlyList<string> Steps)> ActionItems { get; init; } =
        new Dictionary<string, (string, IReadOnlyList<string>)>();

    /// <summary>
    /// The one point past which an answer is too long: target max × too_long_ratio seconds of speech. The grader's
    /// verdict, the live timer's red zone and the interviewer's cut-in all use this.
    /// </summary>
    public double TooLongAfterSeconds((double Min, double Max) target) => target.Max * TooLongRatio;

    public (double Min, double Max) TargetFor(string kind) =>
        LengthTargets.TryGetValue(kind, out var t) ? t : (30, 60);

    public CriterionWeights WeightsFor(string kind) =>
        Weights.TryGetValue(kind, out var w) ? w : Weights["story"];

    /// <summary>The band for a score.</summary>
    public GradeBand BandFor(double score) =>
        Grades.FirstOrDefault(g => score >= g.MinScore) ?? Grades[^1];

    /// <summary>The band for a letter, or null for an unknown letter.</summary>
    public GradeBand? Band(string letter) =>
        Grades.FirstOrDefault(g => string.Equals(g.Letter, letter.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Position of a letter from the top (A = 0); unknown letters sort last.</summary>
    public int Rank(string letter)
    {
        for (var i = 0; i < Grades.Count; i++)
        {
            if (string.Equals(Grades[i].Letter, letter, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return Grades.Count - 1;
    }

    /// <summary>The letter <paramref name="steps"/> places better (positive) or worse (negative), clamped.</summary>
    public string Step(string letter, int steps) =>
        Grades[Math.Clamp(Rank(letter) - steps, 0, Grades.Count - 1)].Letter;

    /// <summary>The letter whose grade points are nearest to an average of points.</summary>
    public string LetterForPoints(double points) =>
        Grades.OrderBy(g => Math.Abs(g.Points - points)).ThenByDescending(g => g.Points).First().Letter;
}
