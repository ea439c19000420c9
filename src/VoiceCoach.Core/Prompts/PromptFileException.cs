namespace VoiceCoach.Core.Prompts;

/// <summary>
/// A coach-editable file under prompts/ (questions, company pack, rubric, grading prompt, manifest)
/// is broken. The message names the file, the line and the field, and says what is expected.
/// </summary>
public sealed class PromptFileException : Exception
{
    public PromptFileException(string file, long line, string field, string problem)
        : base(Format(file, line, field, problem))
    {
        File = file;
        Line = line;
        Field = field;
    }

    public PromptFileException(string file, long line, string field, string problem, Exception innerException)
        : base(Format(file, line, field, problem), innerException)
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The file (as named to the loader).</summary>
    public string File { get; }

    /// <summary>1-based line, or 0 when the problem is the whole file.</summary>
    public long Line { get; }

    /// <summary>The field path, e.g. "questions[3].round"; empty for the whole file.</summary>
    public string Field { get; }

    private static string Format(string file, long line, string field, string problem)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        return string.IsNullOrEmpty(field) ? $"{where}: {problem}" : $"{where}: {field}: {problem}";
    }
}
