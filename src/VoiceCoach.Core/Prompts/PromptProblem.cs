namespace VoiceCoach.Core.Prompts;

/// <summary>
/// One thing wrong with a coach-editable file, where it is and what to do: a value out of its sane range, grade bands
/// out of order, a phrase that would match every answer. `voicecoach prompts check` lists them all; every other
/// command stops at the first (<see cref="ToException"/>).
/// </summary>
/// <param name="File">The file as named to the loader, e.g. "prompts/rubric.yaml".</param>
/// <param name="Line">1-based line; 0 for the whole file.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
/// <param name="Field">The field path, e.g. "weights.story.values".</param>
/// <param name="Problem">What is wrong and what to do.</param>
public sealed record PromptProblem(string File, long Line, long Column, string Field, string Problem)
{
    public PromptFileException ToException() => new(File, Line, Column, Field, Problem);

    /// <summary>The one-line message, "file:line:column: field: problem".</summary>
    public override string ToString() => ToException().Message;

    /// <summary>Throws the first problem, saying how many more there are and where to see them all.</summary>
    /// <exception cref="PromptFileException">There is at least one problem.</exception>
    public static void ThrowIfAny(IReadOnlyList<PromptProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var first = problems[0];
        if (problems.Count == 1)
        {
            throw first.ToException();
        }

        throw (first with { Problem = $"{first.Problem} (and {problems.Count - 1} more; `voicecoach prompts check` lists them all)" }).ToException();
    }
}
