namespace VoiceCoach.Whisper;

/// <summary>
/// The encoder's output for one 30 s window: <see cref="Positions"/> (n_audio_ctx) rows of
/// <see cref="Width"/> (n_audio_state) floats, row-major. Plain managed memory: nothing to dispose,
/// immutable, safe to share between threads and decoder states. (The engine's own transcription
/// never makes one: it goes from the encoder to the cross-attention cache in memory it unmaps
/// straight after.)
/// </summary>
public sealed class WhisperEncoderOutput
{
    internal WhisperEncoderOutput(WhisperModel model, float[] data, int positions, int width)
    {
        Model = model;
        Data = data;
        Positions = positions;
        Width = width;
    }

    /// <summary>Audio positions (1500 for every Whisper model: 20 ms each).</summary>
    public int Positions { get; }

    /// <summary>Features per position (n_audio_state).</summary>
    public int Width { get; }

    /// <summary>The features, [Positions × Width] row-major.</summary>
    public ReadOnlySpan<float> Features => Data;

    internal WhisperModel Model { get; }

    internal float[] Data { get; }
}
