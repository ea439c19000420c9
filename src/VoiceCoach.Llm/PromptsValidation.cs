using Microsoft.SemanticKernel;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Llm;

/// <summary>A prompts folder that passed <see cref="PromptsValidation.CheckAsync"/>: the library, its grading prompts, each rendered.</summary>
public sealed record ValidatedPrompts(PromptLibrary Library, GradingPrompts Prompts, IReadOnlyList<(PromptTemplateFile Prompt, IReadOnlyList<ChatMessageContent> Messages)> Rendered);

/// <summary>
/// What `prompts check` checks, for the CLI and the coach's page alike: every coach-editable file parses and validates
/// (rubric, question banks, company packs; every problem listed, not just the first), and every grading prompt renders
/// with sample inputs graded by the rubric and uses only the rubric's grade letters.
/// </summary>
public static class PromptsValidation
{
    /// <summary>Checks the folder; the validated prompts, or null and every problem of the coach's files.</summary>
    /// <param name="directory">The prompts folder.</param>
    /// <param name="semantic">The grader's semantic layer for the library (the process's encoder), for the sample answer.</param>
    /// <param name="time">Clock for the sample session.</param>
    /// <param name="cancellationToken">Cancels rendering.</param>
    /// <exception cref="PromptFileException">rubric.yaml is missing, or a grading prompt is broken (naming file, line and variable).</exception>
    public static async Task<(ValidatedPrompts? Prompts, IReadOnlyList<PromptProblem> Problems)> CheckAsync(
        string directory, Func<PromptLibrary, SemanticModel> semantic, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(semantic);
        var (library, problems) = PromptLibrary.Check(directory);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var prompts = GradingPrompts.Load(directory);
        var pack = library.Companies.First();
        var sampleGrader = new RubricGrader(library.Rubric, pack, semantic(library));
        var rendered = new List<(PromptTemplateFile, IReadOnlyList<ChatMessageContent>)>();
        foreach (var p in prompts.All)
        {
            PromptSamples.CheckGradeLetters(p, library.Rubric);
            rendered.Add((p, await PromptSamples.RenderAsync(p, sampleGrader, library.Rubric, pack, time, cancellationToken)));
        }

        return (new ValidatedPrompts(library, prompts, rendered), []);
    }
}
