using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Mel;

/// <summary>
/// Whisper's log-mel front end, as openai/whisper computes it: 25 ms periodic Hann windows
/// every 10 ms (n_fft 400, hop 160) over the signal reflect-padded by 200 samples each side, power
/// spectrum, the model's mel filter bank, log10 of max(x, 1e-10), a floor at (max − 8), then
/// (x + 4) / 4. The last STFT frame is dropped, so 16 kHz samples give samples / 160 frames.
/// Immutable after construction; safe to use from several threads at once.
/// </summary>
internal sealed unsafe class LogMelSpectrogram
{
    public const int SampleRate = 16000;
    public const int FftSize = 400;
    public const int HopLength = 160;
    private const int Bins = (FftSize / 2) + 1;

    private readonly float[] _filters;
    private readonly int _bands;
    private readonly double[] _window = new double[FftSize];
    private readonly double[] _cos = new double[FftSize];
    private readonly double[] _sin = new double[FftSize];

    public LogMelSpectrogram(float[] filters, int bands, int bins)
    {
        if (bins != Bins)
        {
            throw new ArgumentException($"mel filters have {bins} bins; Whisper's front end needs {Bins} (n_fft 400)", nameof(bins));
        }

        _filters = filters;
        _bands = bands;
        for (var i = 0; i < FftSize; i++)
        {
            _window[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / FftSize));
            _cos[i] = Math.Cos(2 * Math.PI * i / FftSize);
            _sin[i] = -Math.Sin(2 * Math.PI * i / FftSize);
        }
    }

    /// <summary>
    /// Returns [bands × frames] row-major with frames = (samples.Length + <paramref name="trailingSilence"/>) / 160: the mel
    /// of the clip followed by that many zero samples, without a padded copy of the clip.
    /// </summary>
    public float[] Compute(ReadOnlySpan<float> samples, int threads, CancellationToken ct = default, int trailingSilence = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trailingSilence);
        var frames = (samples.Length + trailingSilence) / HopLength;
        var mel = new float[_bands * frames];
        if (frames == 0)
        {
            return mel;
        }

        // Frames are centred (the signal reflected by FftSize / 2 at both ends); read in place, not from a padded copy
        // of the whole clip (a large-object-heap array per call).
        var n = samples.Length;
        fixed (float* pinned = samples)
        {
            var source = (nint)pinned;
            Frames(frames, n, n + trailingSilence, source, mel, threads, ct);
        }

        var max = TensorPrimitives.Max(mel);
        var floor = max - 8f;
        for (var i = 0; i < mel.Length; i++)
        {
            mel[i] = (MathF.Max(mel[i], floor) + 4f) / 4f;
        }

        return mel;
    }

    /// <summary>Frames of a signal of <paramref name="length"/> samples whose first <paramref name="n"/> are at <paramref name="source"/> and the rest zero.</summary>
    private void Frames(int frames, int n, int length, nint source, float[] mel, int threads, CancellationToken ct)
    {
        threads = Work.Resolve(threads);
        var blocks = Math.Min(frames, threads * 4);
        Work.Run(blocks, threads, ct, b =>
        {
            var signal = new ReadOnlySpan<float>((float*)source, n);
            var start = (int)((long)frames * b / blocks);
            var end = (int)((long)frames * (b + 1) / blocks);
            var re = new double[FftSize];
            var im = new double[FftSize];
            var scratchRe = new double[FftSize];
            var scratchIm = new double[FftSize];
            var input = new double[FftSize];
            var power = new float[Bins];
            for (var t = start; t < end; t++)
            {
                var first = (t * HopLength) - (FftSize / 2);
                if (first >= 0 && first + FftSize <= n)
                {
                    for (var i = 0; i < FftSize; i++)
                    {
                        input[i] = signal[first + i] * _window[i];
                    }
                }
                else
                {
                    for (var i = 0; i < FftSize; i++)
                    {
                        var j = Reflect(length, first + i);
                        input[i] = (j < n ? signal[j] : 0f) * _window[i];
                    }
                }

                Fft(input, 0, 1, FftSize, re, im, 0, scratchRe, scratchIm);
                for (var f = 0; f < Bins; f++)
                {
                    power[f] = (float)((re[f] * re[f]) + (im[f] * im[f]));
                }

                for (var m = 0; m < _bands; m++)
                {
                    var v = TensorPrimitives.Dot(_filters.AsSpan(m * Bins, Bins), power);
                    mel[(m * frames) + t] = MathF.Log10(MathF.Max(v, 1e-10f));
                }
            }
        });
    }

    /// <summary>The index a reflect-padded read at <paramref name="i"/> lands on in a signal of <paramref name="n"/> samples.</summary>
    private static int Reflect(int n, int i)
    {
        if (n == 1)
        {
            return 0;
        }

        var period = 2 * (n - 1);
        i %= period;
        if (i < 0)
        {
            i += period;
        }

        return i < n ? i : period - i;
    }

    /// <summary>
    /// Mixed-radix decimation in time: halves while the size is even (400 → 25), then a direct DFT
    /// of the odd remainder. Output bins go to outRe/outIm[o..o+n); scratch holds the halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fft(double[] input, int offset, int stride, int n, double[] outRe, double[] outIm, int o, double[] scratchRe, double[] scratchIm)
    {
        var step = FftSize / n;
        if (n % 2 == 1)
        {
            for (var k = 0; k < n; k++)
            {
                double sr = 0, si = 0;
                var idx = 0;
                for (var j = 0; j < n; j++)
                {
                    var x = input[offset + (j * stride)];
                    sr += x * _cos[idx * step];
                    si += x * _sin[idx * step];
                    idx += k;
                    if (idx >= n)
                    {
                        idx -= n;
                    }
                }

                outRe[o + k] = sr;
                outIm[o + k] = si;
            }

            return;
        }

        var half = n / 2;

        // Even samples → scratch[o..o+half), odd → scratch[o+half..o+n); each recursion level uses
        // the other pair of arrays as its scratch.
        Fft(input, offset, stride * 2, half, scratchRe, scratchIm, o, outRe, outIm);
        Fft(input, offset + stride, stride * 2, half, scratchRe, scratchIm, o + half, outRe, outIm);
        for (var k = 0; k < half; k++)
        {
            var er = scratchRe[o + k];
            var ei = scratchIm[o + k];
            var or = scratchRe[o + half + k];
            var oi = scratchIm[o + half + k];
            var wr = _cos[k * step];
            var wi = _sin[k * step];
            var tr = (or * wr) - (oi * wi);
            var ti = (or * wi) + (oi * wr);
            outRe[o + k] = er + tr;
            outIm[o + k] = ei + ti;
            outRe[o + half + k] = er - tr;
            outIm[o + half + k] = ei - ti;
        }
    }
}
