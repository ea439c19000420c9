using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace VoiceCoach.Audio.Conversion;

/// <summary>
/// Band-limited sample-rate converter: polyphase Kaiser-windowed sinc, any pair of rates
/// (44100→16000, 22050→16000, 48000→16000, 8000→16000, …), zero phase (output sample k is the
/// input signal at time k / outputRate exactly, no delay), streaming or whole-clip.
/// </summary>
/// <remarks>
/// Pass band flat to 90 % of the lower Nyquist frequency, ≥ 100 dB designed stop band from that
/// Nyquist frequency on. Rates whose reduced ratio needs more than <see cref="MaxExactPhases"/>
/// phases use a 512-phase table with linear interpolation between neighbouring phases.
/// One instance converts one stream; it is not thread-safe. Feed it with <see cref="Process"/>,
/// end with <see cref="Flush"/>; the total output is ceil(inputs × outputRate / inputRate).
/// </remarks>
public sealed class Resampler
{
    /// <summary>The largest reduced interpolation factor tabulated exactly.</summary>
    public const int MaxExactPhases = 1024;

    private const int InterpolatedPhases = 512;
    private const int MaxCachedFilters = 16;

    private static readonly ConcurrentDictionary<(int Input, int Output), KaiserSincFilter> FilterCache = new();

    private readonly KaiserSincFilter? _filter;
    private readonly long _up;   // L: output rate / gcd
    private readonly long _down; // M: input rate / gcd
    private readonly bool _interpolate;
    private float[] _buffer;
    private long _origin;        // absolute input index of _buffer[0]
    private int _count;          // valid samples in _buffer
    private long _inputTotal;    // input samples received
    private long _outputIndex;   // next output sample to produce
    private bool _flushed;

    /// <summary>Creates a converter from <paramref name="inputRate"/> to <paramref name="outputRate"/> (Hz).</summary>
    public Resampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        var gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        if (inputRate != outputRate)
        {
            _interpolate = _up > MaxExactPhases;
            _filter = FilterFor(inputRate, outputRate, _interpolate ? InterpolatedPhases : (int)_up);
        }

        // Pretend the signal is preceded by silence so the first outputs are centred on sample 0.
        var history = _filter is null ? 0 : _filter.HalfWidth - 1;
        _buffer = new float[Math.Max(4096, history * 4)];
        _origin = -history;
        _count = history;
    }

    /// <summary>Input rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Input samples the converter must see beyond an output's time before producing it.</summary>
    public int LookaheadSamples => _filter?.HalfWidth ?? 0;

    /// <summary>Filter taps per output sample (0 when the rates are equal).</summary>
    public int TapsPerOutput => _filter?.Taps ?? 0;

    /// <summary>Number of output samples for <paramref name="inputSamples"/> input samples at the given rates.</summary>
    public static long OutputLength(long inputSamples, int inputRate, int outputRate) =>
        inputRate == outputRate ? inputSamples : (long)Math.Ceiling(inputSamples * (double)outputRate / inputRate - 1e-9);

    /// <summary>Converts a whole signal.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate)
    {
        if (inputRate == outputRate)
        {
            return input.ToArray();
        }

        var resampler = new Resampler(inputRate, outputRate);
        var output = new ArrayBufferWriter<float>((int)Math.Min(int.MaxValue - 64, OutputLength(input.Length, inputRate, outputRate) + 16));
        resampler.Process(input, output);
        resampler.Flush(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Feeds input samples; writes every output sample that can now be computed.</summary>
    public void Process(ReadOnlySpan<float> input, IBufferWriter<float> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_flushed)
        {
            throw new InvalidOperationException("The resampler was flushed; create a new one for a new stream.");
        }

        _inputTotal += input.Length;
        if (_filter is null)
        {
            input.CopyTo(output.GetSpan(input.Length));
            output.Advance(input.Length);
            _outputIndex += input.Length;
            return;
        }

        // Process in slices so the buffer stays small for long inputs.
        while (!input.IsEmpty)
        {
            var slice = input[..Math.Min(input.Length, 16384)];
            Append(slice);
            input = input[slice.Length..];
            Produce(output, long.MaxValue);
        }
    }

    /// <summary>Ends the stream: writes the remaining output samples (the signal is followed by silence).</summary>
    public void Flush(IBufferWriter<float> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_flushed)
        {
            return;
        }

        _flushed = true;
        if (_filter is null)
        {
            return;
        }

        var total = OutputLength(_inputTotal, InputRate, OutputRate);
        Span<float> zeros = stackalloc float[256];
        var padding = _filter.HalfWidth + 1;
        while (padding > 0)
        {
            var n = Math.Min(padding, zeros.Length);
            Append(zeros[..n]);
            padding -= n;
        }

        Produce(output, total);
    }

    private void Append(ReadOnlySpan<float> samples)
    {
        if (_count + samples.Length > _buffer.Length)
        {
            // Drop samples no future output needs (everything before the next output's first tap).
            var firstNeeded = (_outputIndex * _down / _up) - _filter!.HalfWidth + 1;
            var drop = (int)Math.Clamp(firstNeeded - _origin, 0, _count);
            if (drop > 0)
            {
                Array.Copy(_buffer, drop, _buffer, 0, _count - drop);
                _count -= drop;
                _origin += drop;
            }

            if (_count + samples.Length > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + samples.Length));
            }
        }

        samples.CopyTo(_buffer.AsSpan(_count));
        _count += samples.Length;
    }

    private void Produce(IBufferWriter<float> output, long limit)
    {
        var filter = _filter!;
        var half = filter.HalfWidth;
        var taps = filter.Taps;
        var end = _origin + _count; // one past the last buffered input index
        var span = output.GetSpan(256);
        var written = 0;
        while (_outputIndex < limit)
        {
            var position = _outputIndex * _down;
            var i = position / _up;
            if (i + half >= end)
            {
                break;
            }

            var window = _buffer.AsSpan((int)(i - half + 1 - _origin), taps);
            float value;
            var remainder = position - (i * _up);
            if (!_interpolate)
            {
                value = TensorPrimitives.Dot(window, filter.Phase((int)remainder));
            }
            else
            {
                var exact = remainder * (double)InterpolatedPhases / _up;
                var p = (int)exact;
                var a = (float)(exact - p);
                var v0 = TensorPrimitives.Dot(window, filter.Phase(p));
                var v1 = TensorPrimitives.Dot(window, filter.Phase(p + 1));
                value = v0 + (a * (v1 - v0));
            }

            if (written == span.Length)
            {
                output.Advance(written);
                span = output.GetSpan(256);
                written = 0;
            }

            span[written++] = value;
            _outputIndex++;
        }

        output.Advance(written);
    }

    private static KaiserSincFilter FilterFor(int inputRate, int outputRate, int phases)
    {
        // Filter banks are immutable and take tens of milliseconds to design, so converters for
        // the same rates share one. The cache holds a few rate pairs; unusual rates beyond that
        // get a private bank rather than growing it without bound.
        if (FilterCache.TryGetValue((inputRate, outputRate), out var cached))
        {
            return cached;
        }

        var filter = new KaiserSincFilter(inputRate, outputRate, phases);
        if (FilterCache.Count < MaxCachedFilters)
        {
            FilterCache.TryAdd((inputRate, outputRate), filter);
        }

        return filter;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
