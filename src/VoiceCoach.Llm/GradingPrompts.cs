using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Llm;

/// <summary>
/// The grading prompts under prompts/grading/: answer-feedback.yaml and session-summary.yaml (by
/// file name), plus any other prompt file a coach keeps there (checked by `prompts check`, not used).
/// Read fresh on every run, so an edit applies next time. Immutable.
/// </summary>
public sealed record GradingPrompts(IReadOnlyList<PromptTemplateFile> All)
{
    public const string Folder = "grading";
    public const string AnswerFile = "answer-feedback.yaml";
    public const string SessionFile = "session-summary.yaml";

    public PromptTemplateFile Answer => Find(AnswerFile);

    public PromptTemplateFile Session => Find(SessionFile);

    /// <summary>Loads every *.yaml under DIR/grading; the first broken file throws naming file, line and field.</summary>
    public static GradingPrompts Load(string promptsDirectory)
    {
        var dir = Path.Combine(promptsDirectory, Folder);
        var display = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(promptsDirectory)));
        if (!Directory.Exists(dir))
        {
            throw new PromptFileException(Path.Combine(display, Folder), 0, string.Empty, $"not found; the LLM reviewer needs {AnswerFile} and {SessionFile} there (copy them from the shipped prompts/)");
        }

        var files = Directory.EnumerateFiles(dir, "*.yaml").Concat(Directory.EnumerateFiles(dir, "*.yml")).Order(StringComparer.Ordinal)
            .Select(f => PromptTemplateFile.Load(f, Path.Combine(display, Folder, Path.GetFileName(f))))
            .ToList();
        var prompts = new GradingPrompts(files);
        _ = prompts.Answer;
        _ = prompts.Session;
        prompts.Answer.RequireOutputFields(LlmAnswerGrader.ReplyFields);
        prompts.Session.RequireOutputFields(LlmSessionReviewer.ReplyFields);
        return prompts;
    }

    private PromptTemplateFile Find(string name) =>
        All.FirstOrDefault(p => string.Equals(Path.GetFileName(p.File), name, StringComparison.OrdinalIgnoreCase))
        ?? throw new PromptFileException(Path.Combine(Folder, name), 0, string.Empty, "not found; the LLM reviewer needs it (copy it from the shipped prompts/grading/)");
}
