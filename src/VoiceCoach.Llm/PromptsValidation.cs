using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Llm;

/// <summary>A prompts folder that passed <see cref="PromptsValidation.Validate"/>: the library, its grading prompts, each rendered.</summary>
public sealed record ValidatedPrompts(PromptLibrary Library, GradingPrompts Prompts, IReadOnlyList<(PromptTemplateFile Prompt, IReadOnlyList<LlmMessage> Messages)> Rendered);

/// <summary>
/// What `prompts check` checks, for the CLI and the coach's page alike: every coach-editable file parses and validates
/// (rubric, question banks, company packs), and every grading prompt renders with sample inputs and uses only the
/// rubric's grade letters.
/// </summary>
public static class PromptsValidation
{
    /// <exception cref="PromptFileException">The first broken file, naming file, line and field.</exception>
    public static ValidatedPrompts Validate(string directory, TimeProvider time)
    {
        var library = PromptLibrary.Load(directory);
        var prompts = GradingPrompts.Load(directory);
        var pack = library.Companies.First();
        var rendered = new List<(PromptTemplateFile, IReadOnlyList<LlmMessage>)>();
        foreach (var p in prompts.All)
        {
            PromptSamples.CheckGradeLetters(p, library.Rubric);
            rendered.Add((p, PromptSamples.Render(p, library.Rubric, pack, time)));
        }

        return new ValidatedPrompts(library, prompts, rendered);
    }
}
