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

    // Activations entering encoder layer l (and, last, leaving the encoder), time-major [1 + length + 1][channels]:
    // the first and last rows stay zero and are the convolution's padding.
    private readonly float[][] _activations;
    private readonly Half[] _halves;
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
        _activations[0] = new float[model.Bins * (frames + 2)];
        var largest = Math.Max(_padded.Length, _activations[0].Length);
        for (var i = 0; i < model.Encoder.Length; i++)
        {
            var layer = model.Encoder[i];
            _lengths[i + 1] = ((_lengths[i] + 2 - layer.Kernel) / layer.Stride) + 1;
            _activations[i + 1] = new float[layer.OutChannels * (_lengths[i + 1] + 2)];
            largest = Math.Max(largest, _activations[i + 1].Length);
        }

        _halves = new Half[largest];
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

        VadKernels.RoundToHalf(padded, _halves);

        // STFT as a strided convolution with the model's basis, per hop-spaced frame of the padded window:
        // _spectrum[frame] = bins real parts, then bins imaginary parts.
        var frames = _lengths[0];
        var bins = m.Bins;
        VadKernels.MatMul(m.StftBasis, 2 * bins, m.FilterLength, padded, frames, m.Hop, default, _spectrum);

        // Magnitudes into the encoder's input, time-major after the zero padding row.
        for (var f = 0; f < frames; f++)
        {
            var re = _spectrum.AsSpan(2 * bins * f, bins);
            var im = _spectrum.AsSpan((2 * bins * f) + bins, bins);
            var magnitude = _activations[0].AsSpan((f + 1) * bins, bins);
            TensorPrimitives.Multiply(re, re, magnitude);
            TensorPrimitives.Multiply(im, im, im);
            TensorPrimitives.Add(magnitude, im, magnitude);
            TensorPrimitives.Sqrt(magnitude, magnitude);
        }

        for (var l = 0; l < m.Encoder.Length; l++)
        {
            Convolve(m.Encoder[l], _activations[l], _lengths[l], _activations[l + 1], _lengths[l + 1]);
        }

        // The LSTM sees time step 0 of the encoder output (there is only one at 16 kHz), then its own previous h.
        var inputs = m.Encoder[^1].OutChannels;
        _activations[^1].AsSpan(inputs, inputs).CopyTo(_lstmInput);

        var hidden = m.Hidden;
        VadKernels.MatMul(m.LstmWeights, 4 * hidden, inputs + hidden, _lstmInput, 1, 0, m.LstmBias, _gates);
        var gates = _gates.AsSpan();
        var inputGate = gates[..hidden];
        var forgetGate = gates.Slice(hidden, hidden);
        var cellGate = gates.Slice(2 * hidden, hidden);
        var outputGate = gates.Slice(3 * hidden, hidden);
        TensorPrimitives.Sigmoid(inputGate, inputGate);
        TensorPrimitives.Sigmoid(forgetGate, forgetGate);
        TensorPrimitives.Tanh(cellGate, cellGate);
        TensorPrimitives.Sigmoid(outputGate, outputGate);

        // c = f * c + i * g; h = o * tanh(c).
        var cell = _cell.AsSpan();
        TensorPrimitives.Multiply(forgetGate, cell, cell);
        TensorPrimitives.Multiply(inputGate, cellGate, cellGate);
        TensorPrimitives.Add(cell, cellGate, cell);
        var h = _lstmInput.AsSpan(inputs, hidden);
        TensorPrimitives.Tanh(cell, h);
        TensorPrimitives.Multiply(outputGate, h, h);

        // Decoder: ReLU, 1x1 convolution (f16 im2col again), sigmoid.
        var output = _output.AsSpan();
        TensorPrimitives.Max(h, 0f, output);
        VadKernels.RoundToHalf(output, _halves);
        var logit = TensorPrimitives.Dot(m.OutputWeights, output) + m.OutputBias;
        WindowsProcessed++;
        return Sigmoid(logit);
    }

    /// <summary>Conv1d (kernel k, padding 1, stride s) + bias + ReLU over time-major activations with padding rows.</summary>
    private void Convolve(ConvLayer layer, float[] input, int inLength, float[] output, int outLength)
    {
        // ggml's im2col rounds every value it copies to f16; rounding the input once is the same.
        var c = layer.InChannels;
        VadKernels.RoundToHalf(input.AsSpan(c, c * inLength), _halves);

        // The im2col column of output step t is the k rows starting at padded row t * stride: read in place.
        var result = output.AsSpan(layer.OutChannels, layer.OutChannels * outLength);
        VadKernels.MatMul(layer.Weights, layer.OutChannels, layer.Kernel * c, input, outLength, layer.Stride * c, layer.Bias, result);
        TensorPrimitives.Max(result, 0f, result);
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
