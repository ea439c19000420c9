namespace VoiceCoach.Audio.Conversion;

/// <summary>How faithfully a converter took tones to 16 kHz. Levels in dB.</summary>
/// <param name="Name">The converter.</param>
/// <param name="PassbandGainDb">Gain of tones at 1, 3, 6 and 7 kHz (0 dB is flat; speech sits there).</param>
/// <param name="PassbandSnrDb">Per tone, its power over what is left after the best-fitting sine at its frequency is removed (distortion, noise, aliases): higher is cleaner.</param>
/// <param name="AliasDb">Output power of tones at 8.5, 10, 14 and 20 kHz, above the 8 kHz Nyquist frequency, relative to their input: they should vanish (NaN for a tone the input rate cannot hold).</param>
/// <param name="MillisecondsPerMinute">Best of three conversions of a minute of noise, wall clock.</param>
public sealed record ResamplerQualityResult(string Name, double[] PassbandGainDb, double[] PassbandSnrDb, double[] AliasDb, double MillisecondsPerMinute);

/// <summary>
/// Measures a sample-rate converter against the ideal band-limited one, to compare ours with NAudio's
/// (`voicecoach bench resample`): tones below 8 kHz must come out at the same level and clean; tones above it must not
/// come out at all. Exact, phase-independent: each output tone is fitted with a sine and cosine at its frequency.
/// </summary>
public static class ResamplerQuality
{
    /// <summary>The passband test tones, Hz.</summary>
    public static readonly double[] PassbandTones = [1000, 3000, 6000, 7000];

    /// <summary>The tones above the output's Nyquist frequency, Hz.</summary>
    public static readonly double[] AliasTones = [8500, 10000, 14000, 20000];

    private const int OutputRate = 16_000;
    private const double Amplitude = 0.5;

    /// <summary>Measures <paramref name="convert"/> (whole signal at <paramref name="inputRate"/> in, 16 kHz out).</summary>
    public static ResamplerQualityResult Measure(string name, int inputRate, Func<float[], float[]> convert, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(convert);
        time ??= TimeProvider.System;
        var gains = new double[PassbandTones.Length];
        var snrs = new double[PassbandTones.Length];
        for (var t = 0; t < PassbandTones.Length; t++)
        {
            var output = convert(Tone(PassbandTones[t], inputRate));
            (gains[t], snrs[t]) = Fit(output, PassbandTones[t]);
        }

        var aliases = new double[AliasTones.Length];
        for (var t = 0; t < AliasTones.Length; t++)
        {
            if (AliasTones[t] >= inputRate / 2.0)
            {
                // The input cannot hold this tone: nothing to measure.
                aliases[t] = double.NaN;
                continue;
            }

            var output = Window(convert(Tone(AliasTones[t], inputRate)));
            double power = 0;
            foreach (var s in output)
            {
                power += (double)s * s;
            }

            aliases[t] = 10 * Math.Log10(Math.Max(power / output.Length, 1e-30) / (Amplitude * Amplitude / 2));
        }

        var noise = new float[inputRate * 60];
        var random = new Random(1);
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)(random.NextDouble() - 0.5);
        }

        _ = convert(noise.AsSpan(0, inputRate).ToArray());
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var start = time.GetTimestamp();
            _ = convert(noise);
            best = Math.Min(best, time.GetElapsedTime(start).TotalMilliseconds);
        }

        return new ResamplerQualityResult(name, gains, snrs, aliases, best);
    }

    private static float[] Tone(double frequency, int rate)
    {
        var samples = new float[rate * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(Amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        }

        return samples;
    }

    // The steady middle of the output: away from either end, whatever the converter's delay.
    private static ReadOnlySpan<float> Window(float[] output) => output.AsSpan(2000, Math.Min(output.Length - 4000, OutputRate));

    private static (double GainDb, double SnrDb) Fit(float[] output, double frequency)
    {
        var y = Window(output);
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var (s, c) = Math.SinCos(2 * Math.PI * frequency * i / OutputRate);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += y[i] * s;
            yc += y[i] * c;
        }

        var det = (ss * cc) - (sc * sc);
        var a = ((ys * cc) - (yc * sc)) / det;
        var b = ((yc * ss) - (ys * sc)) / det;
        double residual = 0, signal = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var (s, c) = Math.SinCos(2 * Math.PI * frequency * i / OutputRate);
            var fit = (a * s) + (b * c);
            residual += (y[i] - fit) * (y[i] - fit);
            signal += fit * fit;
        }

        var gain = Math.Sqrt((a * a) + (b * b)) / Amplitude;
        return (20 * Math.Log10(gain), 10 * Math.Log10(signal / Math.Max(residual, 1e-30)));
    }
}
