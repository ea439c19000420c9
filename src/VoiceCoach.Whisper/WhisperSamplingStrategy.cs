namespace VoiceCoach.Whisper;

/// <summary>How tokens are chosen at temperature 0 (above 0, both sample best-of-N).</summary>
public enum WhisperSamplingStrategy
{
    /// <summary>Take the most probable token at every step.</summary>
    Greedy,

    /// <summary>openai/whisper's beam search: keep the best N partial transcripts.</summary>
    BeamSearch,
}
