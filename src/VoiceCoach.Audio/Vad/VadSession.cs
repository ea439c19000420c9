using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// One audio stream through Silero VAD: accepts 16 kHz mono frames of any size as they arrive and yields one
/// speech probability per 512-sample window (32 ms), carrying the LSTM state from window to window.
/// Cheap to create (tens of KB of scratch); get one from <see cref="SileroVad.CreateSession"/>.
/// Not thread-safe: one producer feeds a session. The model it uses is shared and read-only.
/// </summary>
/// <remarks>
/// Computes what whisper.cpp (1.9.x) computes, so that its probabilities and segments can be reproduced:
/// each window is reflect-padded by 64 samples on both sides (whisper.cpp does not prepend the 64-sample context
/// official Silero v5/v6 feeds: doing so moves probabilities by up to 0.25 from the reference), and the audio and
/// every activation entering a convolution are rounded to half precision, as ggml's f16 im2col does.
/// <para>
/// The STFT and the encoder have no state, so when a push completes several windows they are computed together,
/// a block of weight rows at a time: the model's 1.2 MB of weights then stream from memory once per block of
/// windows rather than once per window. Results are bit-identical however the audio is split into pushes.
/// </para>
/// </remarks>
public sealed class VadSession
{
    // Windows encoded together, and weight rows per block (a multiple of 4, so that every row is always reduced
    // by the same kernel and batching never changes a result).
    private const int MaxBatch = 8;
    private const int RowBlock = 16;

    private readonly SileroVadModel _model;
    private readonly float[] _pending;
    private int _pendingCount;

    // Per batch slot, reused for every window (no allocation per window).
    private readonly float[][] _padded;
    private readonly float[][] _spectrum;

    // Activations entering encoder layer l (and, last, leaving the encoder), time-major [1 + length + 1][channels]:
    // the first and last rows stay zero and are the convolution's padding. [slot][layer].
    private readonly float[][][] _activations;
    private readonly int[] _lengths;
    private readonly Half[] _halves;

    // LSTM: input part of the gates per slot (W_ih x + biases), recurrent state h and c, gates, decoder input.
    private readonly float[][] _inputGates;
    private readonly float[] _hidden;
    private readonly float[] _gates;
    private readonly float[] _cell;
    private readonly float[] _output;

    internal VadSession(SileroVadModel model)
    {
        _model = model;
        _pending = new float[model.WindowSamples];
        var pad = model.FilterLength / 4;
        var paddedLength = model.WindowSamples + (2 * pad);
        var layers = model.Encoder.Length;

        _lengths = new int[layers + 1];
        _lengths[0] = ((paddedLength - model.FilterLength) / model.Hop) + 1;
        for (var i = 0; i < layers; i++)
        {
            var layer = model.Encoder[i];
            _lengths[i + 1] = ((_lengths[i] + 2 - layer.Kernel) / layer.Stride) + 1;
        }

        _padded = new float[MaxBatch][];
        _spectrum = new float[MaxBatch][];
        _activations = new float[MaxBatch][][];
        var largest = paddedLength;
        for (var b = 0; b < MaxBatch; b++)
        {
            _padded[b] = new float[paddedLength];
            _spectrum[b] = new float[2 * model.Bins * _lengths[0]];
            _activations[b] = new float[layers + 1][];
            _activations[b][0] = new float[model.Bins * (_lengths[0] + 2)];
            for (var i = 0; i < layers; i++)
            {
                _activations[b][i + 1] = new float[model.Encoder[i].OutChannels * (_lengths[i + 1] + 2)];
            }

            largest = _activations[b].Aggregate(largest, (m, a) => Math.Max(m, a.Length));
        }

        _halves = new Half[Math.Max(largest, model.Hidden)];
        _inputGates = new float[MaxBatch][];
        for (var b = 0; b < MaxBatch; b++)
        {
            _inputGates[b] = new float[4 * model.Hidden];
        }

        _hidden = new float[model.Hidden];
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
    public TimeSpan Position => TimeSpan.FromSeconds(WindowsProcessed * (double)_model.WindowSamples / AudioClip.SampleRate);

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
                var count = Math.Min(MaxBatch, samples.Length / window);
                Run(samples[..(count * window)], count, probabilities);
                samples = samples[(count * window)..];
                continue;
            }

            var take = Math.Min(window - _pendingCount, samples.Length);
            samples[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            samples = samples[take..];
            if (_pendingCount == window)
            {
                _pendingCount = 0;
                Run(_pending, 1, probabilities);
            }
        }
    }

    /// <summary>Feeds samples and returns the probabilities of the windows they completed (often none).</summary>
    public IReadOnlyList<float> Push(ReadOnlySpan<float> samples)
    {
        var list = new List<float>((samples.Length / _model.WindowSamples) + 1);
        Push(samples, list);
        return list;
    }

    /// <summary>
    /// Feeds frames as a capture source delivers them and yields each window's probability as soon as the window is
    /// complete (window i covers [i × 32 ms, (i + 1) × 32 ms) from the session's start).
    /// </summary>
    /// <param name="frames">Audio frames of any size, 16 kHz mono; each frame is consumed before the next is requested.</param>
    /// <param name="flushAtEnd">When the frames end, also score the zero-padded partial window (as a whole clip is scored).</param>
    /// <param name="cancellationToken">Stops waiting for frames.</param>
    public async IAsyncEnumerable<float> ProcessAsync(IAsyncEnumerable<ReadOnlyMemory<float>> frames, bool flushAtEnd = true, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var completed = new List<float>();
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            completed.Clear();
            Push(frame.Span, completed);
            foreach (var p in completed)
            {
                yield return p;
            }
        }

        if (flushAtEnd && Flush() is { } last)
        {
            yield return last;
        }
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
        var one = new List<float>(1);
        Run(_pending, 1, one);
        return one[0];
    }

    /// <summary>Forgets everything: LSTM state, waiting samples and counters.</summary>
    public void Reset()
    {
        Array.Clear(_hidden);
        Array.Clear(_cell);
        _pendingCount = 0;
        SamplesReceived = 0;
        WindowsProcessed = 0;
    }

    // Encodes `count` consecutive windows together, then runs the LSTM and decoder over them in order.
    private void Run(ReadOnlySpan<float> windows, int count, ICollection<float> probabilities)
    {
        var m = _model;
        var window = m.WindowSamples;
        for (var b = 0; b < count; b++)
        {
            Pad(windows.Slice(b * window, window), _padded[b]);
        }

        // STFT as a strided convolution with the model's basis, per hop-spaced frame of the padded window:
        // _spectrum[slot][frame] = bins real parts, then bins imaginary parts.
        var frames = _lengths[0];
        var bins = m.Bins;
        var rows = 2 * bins;
        for (var r0 = 0; r0 < rows; r0 += RowBlock)
        {
            var n = Math.Min(RowBlock, rows - r0);
            var w = m.StftBasis.AsSpan(r0 * m.FilterLength, n * m.FilterLength);
            for (var b = 0; b < count; b++)
            {
                VadKernels.MatMul(w, n, m.FilterLength, _padded[b], frames, m.Hop, default, _spectrum[b].AsSpan(r0), rows);
            }
        }

        // Magnitudes into the encoder's input, time-major after the zero padding row.
        for (var b = 0; b < count; b++)
        {
            for (var f = 0; f < frames; f++)
            {
                var re = _spectrum[b].AsSpan(rows * f, bins);
                var im = _spectrum[b].AsSpan((rows * f) + bins, bins);
                var magnitude = _activations[b][0].AsSpan((f + 1) * bins, bins);
                TensorPrimitives.Multiply(re, re, magnitude);
                TensorPrimitives.Multiply(im, im, im);
                TensorPrimitives.Add(magnitude, im, magnitude);
                TensorPrimitives.Sqrt(magnitude, magnitude);
            }
        }

        for (var l = 0; l < m.Encoder.Length; l++)
        {
            Convolve(l, count);
        }

        // The LSTM's input part for every slot (time step 0 of the encoder output: there is only one at 16 kHz).
        var inputs = m.Encoder[^1].OutChannels;
        var gateRows = 4 * m.Hidden;
        for (var r0 = 0; r0 < gateRows; r0 += RowBlock)
        {
            var n = Math.Min(RowBlock, gateRows - r0);
            var w = m.LstmInputWeights.AsSpan(r0 * inputs, n * inputs);
            var bias = m.LstmBias.AsSpan(r0, n);
            for (var b = 0; b < count; b++)
            {
                VadKernels.MatMul(w, n, inputs, _activations[b][^1].AsSpan(inputs, inputs), 1, 0, bias, _inputGates[b].AsSpan(r0), gateRows);
            }
        }

        for (var b = 0; b < count; b++)
        {
            probabilities.Add(Decode(_inputGates[b]));
        }
    }

    // Reflect padding (edge sample not repeated), like ggml_pad_reflect_1d / torch "reflect"; then f16 like ggml.
    private void Pad(ReadOnlySpan<float> window, float[] padded)
    {
        var pad = (padded.Length - window.Length) / 2;
        window.CopyTo(padded.AsSpan(pad));
        for (var i = 0; i < pad; i++)
        {
            padded[pad - 1 - i] = window[i + 1];
            padded[pad + window.Length + i] = window[window.Length - 2 - i];
        }

        VadKernels.RoundToHalf(padded, _halves);
    }

    /// <summary>Conv1d (kernel k, padding 1, stride s) + bias + ReLU of layer <paramref name="l"/> for every slot.</summary>
    private void Convolve(int l, int count)
    {
        var layer = _model.Encoder[l];
        var c = layer.InChannels;
        var outChannels = layer.OutChannels;
        var inLength = _lengths[l];
        var outLength = _lengths[l + 1];
        var width = layer.Kernel * c;

        // ggml's im2col rounds every value it copies to f16; rounding the input once is the same.
        for (var b = 0; b < count; b++)
        {
            VadKernels.RoundToHalf(_activations[b][l].AsSpan(c, c * inLength), _halves);
        }

        // The im2col column of output step t is the k rows starting at padded row t * stride: read in place.
        for (var r0 = 0; r0 < outChannels; r0 += RowBlock)
        {
            var n = Math.Min(RowBlock, outChannels - r0);
            var w = layer.Weights.AsSpan(r0 * width, n * width);
            var bias = layer.Bias.AsSpan(r0, n);
            for (var b = 0; b < count; b++)
            {
                var result = _activations[b][l + 1].AsSpan(outChannels + r0);
                VadKernels.MatMul(w, n, width, _activations[b][l], outLength, layer.Stride * c, bias, result, outChannels);
            }
        }

        for (var b = 0; b < count; b++)
        {
            var result = _activations[b][l + 1].AsSpan(outChannels, outChannels * outLength);
            TensorPrimitives.Max(result, 0f, result);
        }
    }

    // LSTM step (recurrent part), then ReLU, 1x1 conv, sigmoid.
    private float Decode(float[] inputGates)
    {
        var m = _model;
        var hidden = m.Hidden;
        VadKernels.MatMul(m.LstmHiddenWeights, 4 * hidden, hidden, _hidden, 1, 0, default, _gates, 4 * hidden);
        TensorPrimitives.Add(_gates, inputGates, _gates);
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
        var h = _hidden.AsSpan();
        TensorPrimitives.Tanh(cell, h);
        TensorPrimitives.Multiply(outputGate, h, h);

        // Decoder: ReLU, 1x1 convolution (f16 im2col again), sigmoid.
        var output = _output.AsSpan();
        TensorPrimitives.Max(h, 0f, output);
        VadKernels.RoundToHalf(output, _halves);
        var logit = TensorPrimitives.Dot(m.OutputWeights, output) + m.OutputBias;
        WindowsProcessed++;
        return 1f / (1f + MathF.Exp(-logit));
    }
}
