namespace VoiceCoach.Core.Audio;

/// <summary>
/// Audio in the one format used inside the product: 16 kHz, mono, float32 samples in [-1, 1].
/// Everything else is converted at the edge (see VoiceCoach.Audio). Immutable; the sample array
/// is owned by the clip and must not be changed after construction.
/// </summary>
public sealed class AudioClip
{
    /// <summary>The product's internal sample rate in Hz.</summary>
    public const int SampleRate = 16_000;

    /// <summary>Creates a clip over 16 kHz mono samples.</summary>
    /// <param name="samples">16 kHz mono float samples; the clip takes ownership of the array.</param>
    /// <param name="source">Where the audio came from (a file path or a device name), for messages.</param>
    public AudioClip(float[] samples, string source = "")
    {
        ArgumentNullException.ThrowIfNull(samples);
        Samples = samples;
        Source = source;
    }

    /// <summary>The samples, 16 kHz mono float32.</summary>
    public float[] Samples { get; }

    /// <summary>Where the audio came from, for error messages and reports; may be empty.</summary>
    public string Source { get; }

    /// <summary>
    /// A problem found while reading the audio that did not stop it (e.g. a WAV header whose sizes disagree with the
    /// file, so what is there was read), in one line naming the file; null when there was none. Commands show it and
    /// reports keep it, so a clip is never shorter or longer than the file without a word.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>Duration of the clip.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / (double)SampleRate);

    /// <summary>A view of the samples between two times (clamped to the clip).</summary>
    public ReadOnlyMemory<float> Slice(TimeSpan start, TimeSpan end)
    {
        var a = Math.Clamp((int)Math.Round(start.TotalSeconds * SampleRate), 0, Samples.Length);
        var b = Math.Clamp((int)Math.Round(end.TotalSeconds * SampleRate), a, Samples.Length);
        return Samples.AsMemory(a, b - a);
    }
}
