namespace VoiceCoach.Whisper;

/// <summary>
/// A Whisper model file could not be loaded or used. The message names the file and says what is
/// wrong with it (not a ggml file, truncated at offset N, unknown tensor, wrong shape...).
/// </summary>
public sealed class WhisperModelException : Exception
{
    public WhisperModelException()
    {
    }

    public WhisperModelException(string message)
        : base(message)
    {
    }

    public WhisperModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
