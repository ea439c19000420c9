namespace VoiceCoach.IntegrationTests.Audio;

internal static class Signal
{
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

    /// <summary>The lag of b against a (within ±maxLag samples) with the highest correlation.</summary>
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
}
