namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// The in-place radix-2 Fourier transform of one <see cref="NoiseSuppressor"/> frame (<see cref="Length"/> samples),
/// with its twiddle factors made once. Pure; any thread.
/// </summary>
internal static class FrameTransform
{
    /// <summary>Samples per frame: 32 ms at 16 kHz.</summary>
    public const int Length = 512;

    /// <summary>cos and sin of 2πj / Length for j below Length / 2: every butterfly's twiddle factor.</summary>
    private static readonly (double[] Cos, double[] Sin) Twiddles = BuildTwiddles();

    /// <summary>Transforms <paramref name="re"/> + i·<paramref name="im"/> in place; the inverse is scaled by 1/n.</summary>
    public static void Apply(double[] re, double[] im, bool inverse)
    {
        var n = re.Length;
        var sign = inverse ? 1 : -1;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j |= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var size = 2; size <= n; size <<= 1)
        {
            var stride = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var k = 0; k < size / 2; k++)
                {
                    var wr = Twiddles.Cos[k * stride];
                    var wi = sign * Twiddles.Sin[k * stride];
                    var a = start + k;
                    var b = a + (size / 2);
                    var tr = (re[b] * wr) - (im[b] * wi);
                    var ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }

        if (inverse)
        {
            for (var i = 0; i < n; i++)
            {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }

    private static (double[] Cos, double[] Sin) BuildTwiddles()
    {
        var cos = new double[Length / 2];
        var sin = new double[Length / 2];
        for (var j = 0; j < cos.Length; j++)
        {
            cos[j] = Math.Cos(2 * Math.PI * j / Length);
            sin[j] = Math.Sin(2 * Math.PI * j / Length);
        }

        return (cos, sin);
    }
}
