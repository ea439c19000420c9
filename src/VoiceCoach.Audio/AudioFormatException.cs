namespace VoiceCoach.Audio;

/// <summary>
/// An audio file that cannot be read (malformed, unsupported, or needing a decoder that is not
/// installed). The message is one line naming the file, the problem and the fix, e.g.
/// "answer.mp3: cannot read MP3 without ffmpeg or sox; install one (apt-get install ffmpeg)".
/// </summary>
public sealed class AudioFormatException : Exception
{
    /// <summary>Creates the exception from its three parts.</summary>
    /// <param name="path">The file as the user named it.</param>
    /// <param name="problem">What is wrong, e.g. "0 channels in the fmt chunk".</param>
    /// <param name="fix">What to do about it, e.g. "re-export it as 16-bit PCM WAV".</param>
    public AudioFormatException(string path, string problem, string fix)
        : base($"{path}: {problem}; {fix}")
    {
        FilePath = path;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>Creates the exception from its parts and the error that caused it.</summary>
    public AudioFormatException(string path, string problem, string fix, Exception innerException)
        : base($"{path}: {problem}; {fix}", innerException)
    {
        FilePath = path;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>The file as the user named it.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <summary>What to do about it.</summary>
    public string Fix { get; }
}
