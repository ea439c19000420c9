using System.Numerics.Tensors;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// One audio stream through Silero VAD: accepts 16 kHz mono frames of any size as they arrive and yields one
/// speech probability per 512-sample window (32 ms), carrying the LSTM state from window to window.
/// Cheap to create (a few KB of state); get one from <see cref="SileroVad.CreateSession"/>.
/// Not thread-safe: one producer feeds a session. The model it uses is shared and read-only.
/// </summary>
/// <remarks>
/// Computes what whisper.cpp (1.9.x) computes, so that its probabilities and segments can be reproduced:
/// each window is reflect-padded by 64 samples on both sides (whisper.cpp does not prepend the 64-sample context
/// official Silero v5/v6 feeds), and the audio and every activation entering a convolution are rounded to half
/// precision, as ggml's f16 im2col does. Both differences from the PyTorch model move single probabilities by a few
/// hundredths; matching the reference keeps segment boundaries identical.
/// </remarks>
public sealed class VadSession
{
    private readonly SileroVadModel _model;
    private readonly float[] _pending;
    private int _pendingCount;

    // Scratch, reused for every window (no allocation per window).
    private readonly float[] _padded;
    private readonly float[] _spectrum;
    private readonly float[][] _activations;
    private readonly float[] _column;
    private readonly float[] _lstmInput;
    private readonly float[] _gates;
    private readonly float[] _cell;
    private readonly float[] _output;
    private readonly int[] _lengths;

    internal VadSession(SileroVadModel model)
    {
        _model = model;
        _pending = new float[model.WindowSamples];
        var pad = model.FilterLength / 4;
        _padded = new float[model.WindowSamples + (2 * pad)];
        var frames = ((_padded.Length - model.FilterLength) / model.Hop) + 1;

        _lengths = new int[model.Encoder.Length + 1];
        _lengths[0] = frames;
        _activations = new float[model.Encoder.Length + 1][];
        _spectrum = new float[2 * model.Bins * frames];
        _activations[0] = new float[model.Bins * frames];
        var maxColumn = 0;
        for (var i = 0; i < model.Encoder.Length; i++)
        {
            var layer = model.Encoder[i];
            _lengths[i + 1] = ((_lengths[i] + 2 - layer.Kernel) / layer.Stride) + 1;
            _activations[i + 1] = new float[layer.OutChannels * _lengths[i + 1]];
            maxColumn = Math.Max(maxColumn, layer.InChannels * layer.Kernel);
        }

        _column = new float[maxColumn];
        _lstmInput = new float[model.Encoder[^1].OutChannels + model.Hidden];
        _gates = new float[4 * model.Hidden];
        _cell = new float[model.Hidden];
        _output = new float[model.Hidden];
    }

    /// <summary>Samples per window (512 = 32 ms at 16 kHz).</summary>
    public int WindowSamples => _model.WindowSamples;

    /// <summary>All samples pushed since creation or the last <see cref="Reset"/>.</summary>
    public long SamplesReceived { get; private set; }

    /// <summary>Windows turned into probabilities since creation or the last <see cref="Reset"/>.</summary>
    public int WindowsProcessed { get; private set; }

    /// <summary>Audio time covered by the windows processed so far.</summary>
    public TimeSpan Position => TimeSpan.FromSeconds(WindowsProcessed * (double)_model.WindowSamples / Core.Audio.AudioClip.SampleRate);

    /// <summary>
    /// Feeds samples; every completed 512-sample window adds its speech probability to <paramref name="probabilities"/>.
    /// Samples left over wait for the next push (or <see cref="Flush"/>).
    /// </summary>
    public void Push(ReadOnlySpan<float> samples, ICollection<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        SamplesReceived += samples.Length;
        var window = _model.WindowSamples;
        while (!samples.IsEmpty)
        {
            if (_pendingCount == 0 && samples.Length >= window)
            {
                probabilities.Add(Step(samples[..window]));
                samples = samples[window..];
                continue;
            }

            var take = Math.Min(window - _pendingCount, samples.Length);
            samples[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            samples = samples[take..];
            if (_pendingCount == window)
            {
                _pendingCount = 0;
                probabilities.Add(Step(_pending));
            }
        }
    }

    /// <summary>Feeds samples and returns the probabilities of the windows they completed (often none).</summary>
    public IReadOnlyList<float> Push(ReadOnlySpan<float> samples)
    {
        var list = new List<float>(samples.Length / _model.WindowSamples + 1);
        Push(samples, list);
        return list;
    }

    /// <summary>
    /// Ends the stream: a partial window still waiting is zero-padded to 512 samples and scored (as whisper.cpp scores
    /// the tail of a clip). Returns that probability, or null when nothing was waiting. The state is kept: call
    /// <see cref="Reset"/> to start a new stream.
    /// </summary>
    public float? Flush()
    {
        if (_pendingCount == 0)
        {
            return null;
        }

        _pending.AsSpan(_pendingCount).Clear();
        _pendingCount = 0;
        return Step(_pending);
    }

    /// <summary>Forgets everything: LSTM state, waiting samples and counters.</summary>
    public void Reset()
    {
        Array.Clear(_lstmInput);
        Array.Clear(_cell);
        _pendingCount = 0;
        SamplesReceived = 0;
        WindowsProcessed = 0;
    }

    private float Step(ReadOnlySpan<float> window)
    {
        var m = _model;
        var pad = (_padded.Length - window.Length) / 2;

        // Reflect padding (edge sample not repeated), like ggml_pad_reflect_1d / torch "reflect".
        var padded = _padded.AsSpan();
        window.CopyTo(padded[pad..]);
        for (var i = 0; i < pad; i++)
        {
            padded[pad - 1 - i] = window[i + 1];
            padded[pad + window.Length + i] = window[window.Length - 2 - i];
        }

        RoundToHalf(padded);

        // STFT as a strided convolution with the model's basis: rows 0..bins-1 real, bins..2*bins-1 imaginary.
        var frames = _lengths[0];
        var basis = m.StftBasis;
        var filter = m.FilterLength;
        var channels = 2 * m.Bins;
        for (var f = 0; f < frames; f++)
        {
            var slice = padded.Slice(f * m.Hop, filter);
            for (var c = 0; c < channels; c++)
            {
                _spectrum[(c * frames) + f] = TensorPrimitives.Dot(basis.AsSpan(c * filter, filter), slice);
            }
        }

        var magnitude = _activations[0];
        var half = m.Bins * frames;
        for (var i = 0; i < half; i++)
        {
            var re = _spectrum[i];
            var im = _spectrum[half + i];
            magnitude[i] = MathF.Sqrt((re * re) + (im * im));
        }

        for (var l = 0; l < m.Encoder.Length; l++)
        {
            Convolve(m.Encoder[l], _activations[l], _lengths[l], _activations[l + 1], _lengths[l + 1]);
        }

        // The LSTM sees time step 0 of the encoder output (there is only one at 16 kHz), then its own previous h.
        var features = _activations[^1];
        var lastLength = _lengths[^1];
        var inputs = m.Encoder[^1].OutChannels;
        for (var c = 0; c < inputs; c++)
        {
            _lstmInput[c] = features[c * lastLength];
        }

        var hidden = m.Hidden;
        var row = inputs + hidden;
        var x = _lstmInput.AsSpan();
        for (var g = 0; g < _gates.Length; g++)
        {
            _gates[g] = TensorPrimitives.Dot(m.LstmWeights.AsSpan(g * row, row), x) + m.LstmBias[g];
        }

        var h = _lstmInput.AsSpan(inputs, hidden);
        for (var j = 0; j < hidden; j++)
        {
            var ig = Sigmoid(_gates[j]);
            var fg = Sigmoid(_gates[hidden + j]);
            var cg = MathF.Tanh(_gates[(2 * hidden) + j]);
            var og = Sigmoid(_gates[(3 * hidden) + j]);
            var c = (fg * _cell[j]) + (ig * cg);
            _cell[j] = c;
            var hj = og * MathF.Tanh(c);
            h[j] = hj;
            _output[j] = hj > 0 ? hj : 0;
        }

        RoundToHalf(_output);
        var logit = TensorPrimitives.Dot(m.OutputWeights, _output) + m.OutputBias;
        WindowsProcessed++;
        return Sigmoid(logit);
    }

    /// <summary>Conv1d (kernel k, padding 1, stride s) + bias + ReLU over activations stored [channel][time].</summary>
    private void Convolve(ConvLayer layer, float[] input, int inLength, float[] output, int outLength)
    {
        var k = layer.Kernel;
        var width = layer.InChannels * k;
        var column = _column.AsSpan(0, width);
        for (var t = 0; t < outLength; t++)
        {
            // im2col for output step t: column[ic * k + j] = input[ic][t * stride - 1 + j], zero outside.
            var start = (t * layer.Stride) - 1;
            for (var ic = 0; ic < layer.InChannels; ic++)
            {
                var src = ic * inLength;
                for (var j = 0; j < k; j++)
                {
                    var p = start + j;
                    column[(ic * k) + j] = (uint)p < (uint)inLength ? input[src + p] : 0f;
                }
            }

            RoundToHalf(column);
            for (var oc = 0; oc < layer.OutChannels; oc++)
            {
                var v = TensorPrimitives.Dot(layer.Weights.AsSpan(oc * width, width), column) + layer.Bias[oc];
                output[(oc * outLength) + t] = v > 0 ? v : 0;
            }
        }
    }

    private static void RoundToHalf(Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(Half)values[i];
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
