namespace VoiceCoach.Core.Audio;

/// <summary>The level of a stretch of audio: RMS and peak of samples in [-1, 1].</summary>
/// <param name="Rms">Root mean square, 0 … 1.</param>
/// <param name="Peak">Largest absolute sample, 0 … 1 (more when the source clips).</param>
public readonly record struct AudioLevel(float Rms, float Peak)
{
    /// <summary>Silence.</summary>
    public static AudioLevel Silent => default;

    /// <summary>RMS in dB relative to full scale (-inf for digital silence).</summary>
    public double RmsDbfs => 20 * Math.Log10(Rms);

    /// <summary>Peak in dB relative to full scale (-inf for digital silence).</summary>
    public double PeakDbfs => 20 * Math.Log10(Peak);

    /// <summary>Measures samples.</summary>
    public static AudioLevel Measure(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return Silent;
        }

        var sum = 0.0;
        var peak = 0f;
        foreach (var s in samples)
        {
            sum += s * (double)s;
            peak = Math.Max(peak, Math.Abs(s));
        }

        return new AudioLevel((float)Math.Sqrt(sum / samples.Length), peak);
    }
}
