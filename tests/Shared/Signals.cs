namespace VoiceCoach.Testing;

/// <summary>Test signals and the measurements the audio tests make on them.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, int length, double amplitude = 0.5, double phase = 0)
    {
        var samples = new float[length];
        for (var i = 0; i < length; i++)
        {
            samples[i] = (float)(amplitude * Math.Sin((2 * Math.PI * frequency * i / sampleRate) + phase));
        }

        return samples;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += s * (double)s;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio);

    /// <summary>Normalised correlation of two equally long signals (1 = identical shape).</summary>
    public static double Correlation(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = Math.Min(a.Length, b.Length);
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < n; i++)
        {
            ab += a[i] * (double)b[i];
            aa += a[i] * (double)a[i];
            bb += b[i] * (double)b[i];
        }

        return ab / Math.Sqrt(aa * bb);
    }

    /// <summary>The lag (b relative to a, in samples, within ±maxLag) with the highest correlation, and that correlation.</summary>
    public static (int Lag, double Correlation) BestLag(float[] a, float[] b, int maxLag)
    {
        var best = (Lag: 0, Correlation: double.MinValue);
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            var aStart = Math.Max(0, -lag);
            var bStart = Math.Max(0, lag);
            var n = Math.Min(a.Length - aStart, b.Length - bStart);
            var c = Correlation(a.AsSpan(aStart, n), b.AsSpan(bStart, n));
            if (c > best.Correlation)
            {
                best = (lag, c);
            }
        }

        return best;
    }

    /// <summary>Phase (radians) of a sinusoid of known frequency over a stretch, by projection on sin and cos.</summary>
    public static double Phase(ReadOnlySpan<float> samples, int start, double frequency, int sampleRate)
    {
        double s = 0, c = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var t = 2 * Math.PI * frequency * (start + i) / sampleRate;
            s += samples[i] * Math.Sin(t);
            c += samples[i] * Math.Cos(t);
        }

        return Math.Atan2(c, s);
    }
}
