namespace VoiceCoach.Core.Sessions;

/// <summary>
/// A saved session file (session.json) cannot be read: not JSON, not a VoiceCoach session, or a field
/// is missing or of the wrong type. The message names the file and the field and says what to do.
/// </summary>
public sealed class SessionFileException : Exception
{
    public SessionFileException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    public SessionFileException(string file, string problem, Exception innerException)
        : base($"{file}: {problem}", innerException)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file as named to the reader.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
