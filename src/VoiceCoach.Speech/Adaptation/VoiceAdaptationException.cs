namespace VoiceCoach.Speech.Adaptation;

/// <summary>A voice could not be enrolled or its profile read. The message names the file, tool or sentence and what to do.</summary>
public sealed class VoiceAdaptationException : Exception
{
    /// <summary>Creates the exception with a message that names the input and the fix.</summary>
    public VoiceAdaptationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the input and the fix, and its cause.</summary>
    public VoiceAdaptationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
