namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// Measures how clipped 16-bit audio is: the share of samples within 1 % of the loudest one. Clipping flattens every
/// loud stretch at one level, so a clipped recording has many samples at its peak (40 % of a speech answer amplified
/// by 30 dB, 11 % at 20 dB) while speech that was not clipped has almost none (under 0.001 % of the domain test
/// clips). Measuring at the clip's own peak rather than at full scale also catches audio clipped in an analogue stage
/// or turned down after clipping. Fed in order, chunk by chunk; not thread-safe.
/// </summary>
internal sealed class ClippingMeter
{
    // Below -18 dBFS nothing is clipped, however flat: near-silent audio has few sample values, so many sit at its peak.
    private const int QuietestPeak = 32768 / 8;

    private int _peak;
    private long _atPeak;
    private long _count;

    /// <summary>The share of the samples so far within 1 % of the loudest, in [0, 1]; 0 for quiet or no audio.</summary>
    public double ClippedShare => _count == 0 || _peak < QuietestPeak ? 0 : (double)_atPeak / _count;

    /// <summary>Whether <see cref="ClippedShare"/> is at least <paramref name="threshold"/> (a share in (0, 1]).</summary>
    public bool IsClipped(double threshold) => threshold > 0 && ClippedShare >= threshold;

    /// <summary>Adds the next samples.</summary>
    public void Add(ReadOnlySpan<short> samples)
    {
        foreach (var sample in samples)
        {
            var level = Math.Abs((int)sample);
            if (level > _peak)
            {
                // A new peak: the samples counted at the old one still count if they are within 1 % of the new one.
                _atPeak = level * 99 <= _peak * 100 ? _atPeak + 1 : 1;
                _peak = level;
            }
            else if (level * 100 >= _peak * 99)
            {
                _atPeak++;
            }
        }

        _count += samples.Length;
    }
}
