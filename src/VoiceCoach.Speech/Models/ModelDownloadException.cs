namespace VoiceCoach.Speech.Models;

/// <summary>A model could not be downloaded or verified. The message names the URL or file and what to do.</summary>
public sealed class ModelDownloadException : Exception
{
    /// <summary>Creates the exception with a message that names the input and the fix.</summary>
    public ModelDownloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the input and the fix, and its cause.</summary>
    public ModelDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
