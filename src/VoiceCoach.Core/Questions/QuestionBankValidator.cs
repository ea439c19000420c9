using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Core.Questions;

/// <summary>
/// The meaning of prompts/questions/*.yaml, after <see cref="QuestionBankLoader"/> has checked its shape. One row
/// of <see cref="Rules"/> per field: a new bank field is checked by adding its row. Whether the rubric grades every
/// kind the banks use is checked across files (<see cref="Grading.RubricValidator"/>).
/// </summary>
public static class QuestionBankValidator
{
    private static readonly FieldRule[] Rules =
    [
        FieldRule.Range("questions.*.target_seconds", 1, 900, "seconds"),
        FieldRule.Phrases("questions.*.asks_for.*.phrases"),
    ];

    /// <summary>Every meaning problem of a parsed bank, in file order; empty when it makes sense.</summary>
    internal static IReadOnlyList<PromptProblem> Validate(YamlNode root)
    {
        var problems = new List<PromptProblem>();
        foreach (var rule in Rules)
        {
            rule.Apply(root, problems);
        }

        return problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
    }
}
