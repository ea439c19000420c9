using System.Text.Json;
using Microsoft.SemanticKernel;
using VoiceCoach.Core.Grading;

namespace VoiceCoach.Llm;

/// <summary>
/// Holds the LLM's proposed grade to the bound: after an answer prompt has replied (and its reply
/// matched the schema), the final grade is the rubric's (the rubric_grade argument) moved toward the
/// proposal by at most llm.max_grade_steps (<see cref="GradePolicy"/>). Whatever the reply says, or a
/// transcript talking to the model made it say, the grade cannot leave that window. Prompts without a
/// proposed_grade (the session summary) pass through. Thread-safe.
/// </summary>
internal sealed class GradeBoundFilter(RubricSettings rubric) : IFunctionInvocationFilter
{
    public const string RubricGradeArgument = "rubric_grade";
    public const string ProposedGradeField = "proposed_grade";

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        await next(context);
        if (context.Result.GetValue<object>() is StructuredReply reply
            && reply.Json.TryGetProperty(ProposedGradeField, out var p) && p.GetString() is { } proposed
            && context.Arguments.TryGetValue(RubricGradeArgument, out var g) && g?.ToString() is { } rubricGrade)
        {
            var (final, steps, bounded) = GradePolicy.Apply(rubric, rubricGrade, proposed.Trim());
            context.Result = new FunctionResult(context.Result, reply with { Grade = new GradeMove(proposed.Trim(), final, steps, bounded) });
        }
    }

    /// <summary>A reply problem worth a repair: a proposed_grade that is not one of the rubric's letters.</summary>
    public static string? CheckProposedGrade(RubricSettings rubric, JsonElement json)
    {
        if (!json.TryGetProperty(ProposedGradeField, out var p))
        {
            return null;
        }

        var grade = p.ValueKind == JsonValueKind.String ? p.GetString()!.Trim() : p.GetRawText();
        return rubric.Band(grade) is null
            ? $"$.proposed_grade: '{grade}' is not a grade; use one of {string.Join(", ", rubric.Grades.Select(b => b.Letter))}"
            : null;
    }
}
