namespace VoiceCoach.Core.Audio;

/// <summary>
/// A short piece of captured audio in the product format (16 kHz mono float), stamped with its
/// position in the capture. The frame owns its sample array; consumers must not change it.
/// </summary>
public sealed class AudioFrame
{
    /// <summary>Creates a frame; the frame takes ownership of <paramref name="samples"/>.</summary>
    /// <param name="samples">16 kHz mono float samples.</param>
    /// <param name="timestamp">Time of the first sample since capture started.</param>
    public AudioFrame(float[] samples, TimeSpan timestamp)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Samples = samples;
        Timestamp = timestamp;
        Level = AudioLevel.Measure(samples);
    }

    /// <summary>The samples, 16 kHz mono float.</summary>
    public float[] Samples { get; }

    /// <summary>Time of the first sample since capture started (sample-accurate, not wall-clock).</summary>
    public TimeSpan Timestamp { get; }

    /// <summary>Duration of the frame.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / (double)AudioClip.SampleRate);

    /// <summary>Level of this frame.</summary>
    public AudioLevel Level { get; }
}
