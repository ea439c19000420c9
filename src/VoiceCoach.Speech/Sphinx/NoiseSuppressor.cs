namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// A stationary-noise suppressor for 16 kHz mono samples, run before PocketSphinx when
/// <see cref="SphinxOptions.Denoise"/> is set: power spectral subtraction on 32 ms frames (50 % overlap,
/// square-root Hann windows on both sides, so the frames add back to the input where the gain is 1). The noise
/// spectrum is the mean power of the clip's quietest frames (<see cref="NoiseSuppressorOptions.QuietShare"/>), over-
/// subtracted by <see cref="NoiseSuppressorOptions.OverSubtraction"/> and floored at <see cref="NoiseSuppressorOptions.Floor"/>
/// so the residue stays a low hiss rather than isolated tones (musical noise). Pure and stateless; any thread.
/// </summary>
public static class NoiseSuppressor
{
    internal const int FrameLength = 512;
    private const int Hop = FrameLength / 2;

    private static readonly double[] Window = BuildWindow();

    /// <summary>cos and sin of 2πj / FrameLength for j below FrameLength / 2: every butterfly's twiddle factor, made once.</summary>
    private static readonly (double[] Cos, double[] Sin) Twiddles = BuildTwiddles();

    /// <summary>The samples with the stationary noise taken out; a new array of the same length.</summary>
    public static float[] Apply(ReadOnlySpan<float> samples, NoiseSuppressorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (samples.Length < FrameLength)
        {
            return samples.ToArray();
        }

        // Padding by a frame on each side lets every sample be covered by two frames, so the
        // windows sum to one over the whole clip.
        var padded = new double[samples.Length + (2 * FrameLength)];
        for (var i = 0; i < samples.Length; i++)
        {
            padded[FrameLength + i] = samples[i];
        }

        var frames = (padded.Length - FrameLength) / Hop + 1;
        var re = new double[frames][];
        var im = new double[frames][];
        for (var f = 0; f < frames; f++)
        {
            re[f] = new double[FrameLength];
            im[f] = new double[FrameLength];
            for (var i = 0; i < FrameLength; i++)
            {
                re[f][i] = padded[(f * Hop) + i] * Window[i];
            }

            Transform(re[f], im[f], inverse: false);
        }

        var noise = NoiseSpectrum(re, im, samples.Length, options.QuietShare);
        var output = new double[padded.Length];
        for (var f = 0; f < frames; f++)
        {
            for (var k = 0; k < FrameLength; k++)
            {
                var gain = Gain(Power(re[f][k], im[f][k]), noise[k], options);
                re[f][k] *= gain;
                im[f][k] *= gain;
            }

            Transform(re[f], im[f], inverse: true);
            for (var i = 0; i < FrameLength; i++)
            {
                output[(f * Hop) + i] += re[f][i] * Window[i];
            }
        }

        var result = new float[samples.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)output[FrameLength + i];
        }

        return result;
    }

    /// <summary>Amplitude gain for a bin: sqrt(1 - alpha N/P), at least the floor; 1 where there is no noise.</summary>
    private static double Gain(double power, double noise, NoiseSuppressorOptions options)
    {
        if (noise <= 0)
        {
            return 1;
        }

        var kept = power <= 0 ? 0 : 1 - (options.OverSubtraction * noise / power);
        return Math.Max(options.Floor, Math.Sqrt(Math.Max(0, kept)));
    }

    /// <summary>Mean power per bin over the quietest share of the frames that lie wholly inside the clip.</summary>
    private static double[] NoiseSpectrum(double[][] re, double[][] im, int length, double quietShare)
    {
        // Frames starting before the clip or ending after it hold padding zeros, which would read as silence.
        var inside = Enumerable.Range(0, re.Length)
            .Where(f => f * Hop >= FrameLength && (f * Hop) + FrameLength <= FrameLength + length)
            .ToList();
        var noise = new double[FrameLength];
        if (inside.Count == 0)
        {
            return noise;
        }

        var energies = inside.ToDictionary(f => f, f => Enumerable.Range(0, FrameLength).Sum(k => Power(re[f][k], im[f][k])));
        var quiet = inside.OrderBy(f => energies[f]).Take(Math.Max(1, (int)Math.Ceiling(inside.Count * quietShare))).ToList();
        foreach (var f in quiet)
        {
            for (var k = 0; k < FrameLength; k++)
            {
                noise[k] += Power(re[f][k], im[f][k]) / quiet.Count;
            }
        }

        return noise;
    }

    private static double Power(double re, double im) => (re * re) + (im * im);

    private static double[] BuildWindow()
    {
        // Periodic Hann split between analysis and synthesis: their product sums to one at 50 % overlap.
        var window = new double[FrameLength];
        for (var i = 0; i < FrameLength; i++)
        {
            window[i] = Math.Sqrt(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / FrameLength)));
        }

        return window;
    }

    private static (double[] Cos, double[] Sin) BuildTwiddles()
    {
        var cos = new double[FrameLength / 2];
        var sin = new double[FrameLength / 2];
        for (var j = 0; j < cos.Length; j++)
        {
            cos[j] = Math.Cos(2 * Math.PI * j / FrameLength);
            sin[j] = Math.Sin(2 * Math.PI * j / FrameLength);
        }

        return (cos, sin);
    }

    /// <summary>In-place iterative radix-2 transform of one FrameLength frame; the inverse is scaled by 1/n.</summary>
    private static void Transform(double[] re, double[] im, bool inverse)
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
}
