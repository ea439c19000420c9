namespace VoiceCoach.Whisper;

/// <summary>
/// The encoder's output for one 30 s window: <see cref="Positions"/> (n_audio_ctx) rows of
/// <see cref="Width"/> (n_audio_state) floats, row-major. Plain managed memory: nothing to dispose,
/// immutable, safe to share between threads and decoder states. (The engine's own callers hand
/// the array back to the model once every decoder state of the window exists, so the next window
/// reuses it instead of leaving it to a large-object-heap collection.)
/// </summary>
public sealed class WhisperEncoderOutput
{
    private float[]? _data;

    internal WhisperEncoderOutput(WhisperModel model, float[] data, int positions, int width)
    {
        Model = model;
        _data = data;
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

    internal float[] Data => _data ?? throw new ObjectDisposedException(nameof(WhisperEncoderOutput), "the encoder output was handed back to the model");

    /// <summary>Hands the features to the model for the next window; this output is unusable afterwards.</summary>
    internal void Recycle()
    {
        var data = Interlocked.Exchange(ref _data, null);
        if (data is not null)
        {
            Model.RecycleEncoderOutput(data);
        }
    }
}
