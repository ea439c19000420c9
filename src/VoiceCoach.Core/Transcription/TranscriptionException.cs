namespace VoiceCoach.Core.Transcription;

/// <summary>A transcriber failed. The message names the input and says what to do.</summary>
public sealed class TranscriptionException : Exception
{
    public TranscriptionException(string message)
        : base(message)
    {
    }

    public TranscriptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
