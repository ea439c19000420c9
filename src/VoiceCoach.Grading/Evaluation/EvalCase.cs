using System.Globalization;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Grading.Evaluation;

/// <summary>
/// One labelled answer and what a grader made of it: the coach's grade and flags beside the grader's.
/// Immutable.
/// </summary>
public sealed record EvalCase
{
    /// <summary>The answer's name in its set (its <c>id</c>, or "#n" for its position when it has none).</summary>
    public required string Id { get; init; }

    /// <summary>The question's kind (story, motivation, concept, logistics, design).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The coach's grade.</summary>
    public required string ExpectedGrade { get; init; }

    /// <summary>The coach's flags: empty for a clean answer, null when the set doesn't label flags for it.</summary>
    public IReadOnlyList<string>? ExpectedFlags { get; init; }

    /// <summary>The grader's grade.</summary>
    public required string Grade { get; init; }

    /// <summary>The grader's flags.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>
    /// What the candidate would read as a critical miss, when the grader gave one: "capped at D by no_example"
    /// (a grade capped by a critical flag) or the report's "Critical Miss" line; null when there was none.
    /// </summary>
    public string? CriticalMiss { get; init; }

    /// <summary>Why the coach graded it so.</summary>
    public string? Note { get; init; }

    /// <summary>True when the coach labelled the answer with no flag at all.</summary>
    public bool Clean => ExpectedFlags is { Count: 0 };

    /// <summary>The labelled answer <paramref name="expected"/> (at 1-based <paramref name="position"/> in its set) beside its grading.</summary>
    /// <exception cref="ArgumentException">The answer carries no expected grade.</exception>
    public static EvalCase From(ManifestAnswer expected, GradedAnswer graded, int position)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(graded);
        // eval.yaml's definition: a grade capped by a critical flag, or a "Critical Miss" line. A needs-work cap (too long
        // but rich at B, a motivation answer without its example at B+) is not a critical miss.
        var miss = graded.CappedBy is { } cap && AnswerFlags.IsCritical(cap)
            ? $"capped at {graded.RubricGrade} by {cap}"
            : graded.Feedback.CriticalMiss;
        return new EvalCase
        {
            Id = expected.Id ?? $"#{position.ToString(CultureInfo.InvariantCulture)}",
            Kind = graded.Question.Kind,
            ExpectedGrade = expected.ExpectedGrade ?? throw new ArgumentException($"answer {position}: no expected_grade", nameof(expected)),
            ExpectedFlags = expected.ExpectedFlags,
            Grade = graded.Grade,
            Flags = graded.Flags,
            CriticalMiss = miss,
            Note = expected.Note,
        };
    }
}
