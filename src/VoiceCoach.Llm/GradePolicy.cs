using VoiceCoach.Core.Grading;

namespace VoiceCoach.Llm;

/// <summary>
/// The grade policy: the final grade is the rubric's, moved toward the LLM's proposal by at most
/// <see cref="RubricSettings.LlmMaxGradeSteps"/> steps (prompts/rubric.yaml llm.max_grade_steps).
/// Whatever a reply (or a transcript talking to the model) says, the grade cannot leave that window.
/// </summary>
public static class GradePolicy
{
    /// <summary>The final letter, the steps moved (+ better) and whether the proposal was held at the bound.</summary>
    /// <exception cref="ArgumentException">The proposal is not a letter from the rubric's grades.</exception>
    public static (string Final, int Steps, bool Bounded) Apply(RubricSettings rubric, string rubricGrade, string proposed)
    {
        if (rubric.Band(proposed) is null)
        {
            throw new ArgumentException($"'{proposed}' is not a grade; expected one of {string.Join(", ", rubric.Grades.Select(g => g.Letter))}", nameof(proposed));
        }

        var max = Math.Max(0, rubric.LlmMaxGradeSteps);
        var wanted = rubric.Rank(rubricGrade) - rubric.Rank(proposed.Trim());
        var steps = Math.Clamp(wanted, -max, max);
        return (rubric.Step(rubricGrade, steps), rubric.Rank(rubricGrade) - rubric.Rank(rubric.Step(rubricGrade, steps)), steps != wanted);
    }

    /// <summary>The letters the LLM may propose without being held at the bound, best first.</summary>
    public static IReadOnlyList<string> Allowed(RubricSettings rubric, string rubricGrade)
    {
        var max = Math.Max(0, rubric.LlmMaxGradeSteps);
        var rank = rubric.Rank(rubricGrade);
        return rubric.Grades.Select((g, i) => (g.Letter, i)).Where(x => Math.Abs(x.i - rank) <= max).Select(x => x.Letter).ToList();
    }
}
