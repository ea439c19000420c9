namespace VoiceCoach.Audio.Vad;

/// <summary>
/// A Silero VAD model file could not be used: missing, not a ggml file, a different ggml model,
/// truncated, or with tensors of the wrong shape. The message names the file, the problem and the fix.
/// </summary>
public sealed class VadModelException : Exception
{
    public VadModelException(string message)
        : base(message)
    {
    }

    public VadModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The model file the problem is about.</summary>
    public string? ModelPath { get; init; }
}
