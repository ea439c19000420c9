using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Grading;

/// <summary>What a new grading changed for one answer.</summary>
/// <param name="Index">The answer's number.</param>
/// <param name="Question">The question's text.</param>
/// <param name="Before">The grade saved before.</param>
/// <param name="Now">The new grade.</param>
/// <param name="Llm">What the LLM reviewer did ("B → B+ (proposed A)", "kept B", "unavailable"), empty without one.</param>
/// <param name="FlagsAdded">Flags the new grading raised.</param>
/// <param name="FlagsRemoved">Flags it no longer raises.</param>
public sealed record AnswerChange(int Index, string Question, string Before, string Now, string Llm, IReadOnlyList<string> FlagsAdded, IReadOnlyList<string> FlagsRemoved)
{
    /// <summary>Nothing changed.</summary>
    public bool Same => Before == Now && FlagsAdded.Count == 0 && FlagsRemoved.Count == 0;
}

/// <summary>Compares a saved session's grading with a new one, answer by answer (regrade, the coach's page).</summary>
public static class GradingChanges
{
    public static IReadOnlyList<AnswerChange> Compare(SavedSession saved, GradedSession now)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(now);
        var changes = new List<AnswerChange>();
        for (var i = 0; i < now.Answers.Count; i++)
        {
            var (oldGrade, oldFlags) = saved.Grades[i];
            var a = now.Answers[i];
            changes.Add(new AnswerChange(a.Answer.Index, a.Question.Text, oldGrade, a.Grade, LlmNote(a), a.Flags.Except(oldFlags).ToList(), oldFlags.Except(a.Flags).ToList()));
        }

        return changes;
    }

    /// <summary>What the LLM did to the grade: "B → B+ (proposed A)", "kept B", "unavailable", or empty without an LLM.</summary>
    public static string LlmNote(GradedAnswer a) => a.Llm switch
    {
        { Status: LlmReview.Ok } l when a.Grade != a.RubricGrade => $"{a.RubricGrade} → {a.Grade} (proposed {l.ProposedGrade}{(l.Bounded ? ", held at the bound" : string.Empty)})",
        { Status: LlmReview.Ok } l => $"kept {a.Grade} (proposed {l.ProposedGrade})",
        { Status: LlmReview.Fallback } => "unavailable",
        _ => string.Empty,
    };
}
