namespace VoiceCoach.Core.Prompts;

/// <summary>
/// A coach-editable file under prompts/ (questions, company pack, rubric, grading prompt, manifest)
/// is broken. The message names the file, the line, the column and the field, and says what is expected:
/// "prompts/rubric.yaml:95:3: weights.story: weights add up to 110; they must add up to 100".
/// </summary>
public sealed class PromptFileException : Exception
{
    public PromptFileException(string file, long line, string field, string problem)
        : this(file, line, 0, field, problem)
    {
    }

    public PromptFileException(string file, long line, string field, string problem, Exception innerException)
        : this(file, line, 0, field, problem, innerException)
    {
    }

    public PromptFileException(string file, long line, long column, string field, string problem)
        : base(Format(file, line, column, field, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    public PromptFileException(string file, long line, long column, string field, string problem, Exception innerException)
        : base(Format(file, line, column, field, problem), innerException)
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file (as named to the loader).</summary>
    public string File { get; }

    /// <summary>1-based line, or 0 when the problem is the whole file.</summary>
    public long Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public long Column { get; }

    /// <summary>The field path, e.g. "questions[3].round"; empty for the whole file.</summary>
    public string Field { get; }

    /// <summary>What is wrong and what to do, without the position.</summary>
    public string Problem { get; }

    /// <summary>"file:line:column", "file:line" or "file", as far as the position is known.</summary>
    public static string Where(string file, long line, long column) =>
        line <= 0 ? file : column <= 0 ? $"{file}:{line}" : $"{file}:{line}:{column}";

    private static string Format(string file, long line, long column, string field, string problem)
    {
        var where = Where(file, line, column);
        return string.IsNullOrEmpty(field) ? $"{where}: {problem}" : $"{where}: {field}: {problem}";
    }
}
