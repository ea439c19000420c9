using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;

/// <summary>An action item before the next session (seed style: a title and steps).</summary>
public sealed record ActionItem(string Title, IReadOnlyList<string> Steps);

/// <summary>Session-level assessment: averages, culture fluency, strengths, development areas, target.</summary>
public sealed record SessionSummary
{
    public required int QuestionsCompleted { get; init; }

    public required int QuestionsAsked { get; init; }

    public required string AverageGrade { get; init; }

    public required double AveragePoints { get; init; }

    public required double AverageScore { get; init; }

    public required int CultureIntegrationPct { get; init; }

    public required int RoleEnthusiasmPct { get; init; }

    public required int FluencyLevel { get; init; }

    public required string FluencyLabel { get; init; }

    public required IReadOnlyList<string> FluencyNotes { get; init; }

    public required IReadOnlyList<string> Strengths { get; init; }

    /// <summary>Area ids (brevity, examples, …) most frequent first.</summary>
    public required IReadOnlyList<string> DevelopmentAreaIds { get; init; }

    public required IReadOnlyList<string> DevelopmentAreas { get; init; }

    public required string RecommendedFocus { get; init; }

    public required IReadOnlyList<ActionItem> ActionItems { get; init; }

    public required IReadOnlyList<string> CoachQuestions { get; init; }

    public required string NextTargetGrade { get; init; }

    public required int NextTargetCulturePct { get; init; }

    /// <summary>The next-session target as checkable thresholds (grade and culture integration).</summary>
    public SessionTarget Target => new(NextTargetGrade, NextTargetCulturePct);

    /// <summary>"B+ average with 70% culture integration".</summary>
    public string NextTarget => Target.Text;

    public double AverageSeconds { get; init; }

    public double AverageWordsPerMinute { get; init; }

    public double FillersPerMinute { get; init; }
}

/// <summary>Computes a session's summary from its graded answers (the port the session reader uses to fill
/// in what an older session.json lacks).</summary>
public interface ISessionAssessor
{
    /// <summary>Assesses <paramref name="answers"/> out of <paramref name="questionsAsked"/> questions.</summary>
    SessionSummary Assess(IReadOnlyList<GradedAnswer> answers, int questionsAsked);
}
