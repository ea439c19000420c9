namespace VoiceCoach.Audio.Conversion;

/// <summary>
/// A bank of Kaiser-windowed sinc low-pass filters, one per fractional input position ("phase"),
/// for <see cref="Resampler"/>. Immutable after construction; safe to share between threads.
/// </summary>
/// <remarks>
/// The kernel is evaluated on the input sample grid, so its cutoff scales with the lower of the
/// two rates: pass band to 90 % of the lower Nyquist frequency, stop band from that Nyquist
/// frequency on (nothing above it can alias into the output), <see cref="StopbandAttenuationDb"/>
/// in the stop band. Each phase is normalised to unit DC gain.
/// </remarks>
internal sealed class KaiserSincFilter
{
    /// <summary>Designed stop-band attenuation in dB.</summary>
    public const double StopbandAttenuationDb = 100.0;

    /// <summary>Pass band edge as a fraction of the lower Nyquist frequency.</summary>
    public const double PassbandFraction = 0.9;

    private readonly float[] _coefficients;

    /// <param name="inputRate">Input rate in Hz.</param>
    /// <param name="outputRate">Output rate in Hz.</param>
    /// <param name="phases">Number of fractional positions tabulated; the table holds one extra
    /// phase (position 1.0) so that callers can interpolate between neighbours.</param>
    public KaiserSincFilter(int inputRate, int outputRate, int phases)
    {
        var nyquist = 0.5 * Math.Min(inputRate, outputRate);
        var transition = (1.0 - PassbandFraction) * nyquist / inputRate; // cycles per input sample
        var cutoff = (1.0 + PassbandFraction) / 2.0 * nyquist / inputRate;
        var beta = 0.1102 * (StopbandAttenuationDb - 8.7);
        var length = (int)Math.Ceiling((StopbandAttenuationDb - 7.95) / (2.285 * 2.0 * Math.PI * transition)) + 1;

        HalfWidth = Math.Max(2, (length + 1) / 2);
        Taps = 2 * HalfWidth;
        Phases = phases;
        _coefficients = new float[(phases + 1) * Taps];

        var i0Beta = BesselI0(beta);
        var row = new double[Taps];
        for (var p = 0; p <= phases; p++)
        {
            var frac = p / (double)phases;
            var sum = 0.0;
            for (var n = 0; n < Taps; n++)
            {
                // Tap n multiplies input sample (i - HalfWidth + 1 + n) for an output at time i + frac.
                var x = frac + HalfWidth - 1 - n;
                var r = x / HalfWidth;
                var window = Math.Abs(r) >= 1.0 ? 0.0 : BesselI0(beta * Math.Sqrt(1.0 - (r * r))) / i0Beta;
                var value = 2.0 * cutoff * Sinc(2.0 * cutoff * x) * window;
                row[n] = value;
                sum += value;
            }

            var span = _coefficients.AsSpan(p * Taps, Taps);
            for (var n = 0; n < Taps; n++)
            {
                span[n] = (float)(row[n] / sum);
            }
        }
    }

    /// <summary>Taps either side of the output position; the filter reads samples i-HalfWidth+1 … i+HalfWidth.</summary>
    public int HalfWidth { get; }

    /// <summary>Taps per phase (2 × <see cref="HalfWidth"/>).</summary>
    public int Taps { get; }

    /// <summary>Number of tabulated phases (the table holds one more, at position 1.0).</summary>
    public int Phases { get; }

    /// <summary>The coefficients of one phase (0 … <see cref="Phases"/> inclusive).</summary>
    public ReadOnlySpan<float> Phase(int phase) => _coefficients.AsSpan(phase * Taps, Taps);

    private static double Sinc(double x) => Math.Abs(x) < 1e-12 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double BesselI0(double x)
    {
        // Power series; converges quickly for the beta values used here (< 12).
        var sum = 1.0;
        var term = 1.0;
        var half = x / 2.0;
        for (var k = 1; k < 200; k++)
        {
            term *= half / k * (half / k);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
