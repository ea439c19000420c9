namespace VoiceCoach.Core.Audio;

/// <summary>
/// Text-to-speech that cannot be used. The message is one line naming the engine, the problem and
/// the fix, e.g. "no speech synthesizer: none installed; apt-get install festival
/// festvox-us-slt-hts or espeak-ng".
/// </summary>
public sealed class SpeechSynthesisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpeechSynthesisException(string engine, string problem, string fix)
        : base($"{engine}: {problem}; {fix}")
    {
        Engine = engine;
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public SpeechSynthesisException(string engine, string problem, string fix, Exception innerException)
        : base($"{engine}: {problem}; {fix}", innerException)
    {
        Engine = engine;
    }

    /// <summary>The engine named in the message ("no speech synthesizer" when none was found).</summary>
    public string Engine { get; }
}
