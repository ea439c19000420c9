namespace VoiceCoach.Audio.Vad;

/// <summary>
/// The trained Silero VAD weights as read from a whisper.cpp ggml VAD file, widened to float32 and laid out
/// for the inference loop in <see cref="VadSession"/>. Immutable after loading; shared by every session.
/// </summary>
internal sealed class SileroVadModel
{
    /// <summary>The model type string from the header ("silero-16k").</summary>
    public required string ModelType { get; init; }

    /// <summary>The Silero version from the header, e.g. "6.2.0".</summary>
    public required string Version { get; init; }

    /// <summary>Samples per window (512 at 16 kHz).</summary>
    public required int WindowSamples { get; init; }

    /// <summary>Context samples Silero v5/v6 put in front of a window (64); whisper.cpp reads it and ignores it.</summary>
    public required int ContextSamples { get; init; }

    /// <summary>STFT filter length (256): the kernel of the conv that computes the spectrum.</summary>
    public required int FilterLength { get; init; }

    /// <summary>STFT hop (128).</summary>
    public required int Hop { get; init; }

    /// <summary>Frequency bins (129): half of the basis' output channels.</summary>
    public required int Bins { get; init; }

    /// <summary>STFT basis, [2 * bins][filterLength]: real parts then imaginary parts.</summary>
    public required float[] StftBasis { get; init; }

    /// <summary>The four encoder convolutions (kernel 3, padding 1, strides 1, 2, 2, 1), each followed by ReLU.</summary>
    public required ConvLayer[] Encoder { get; init; }

    /// <summary>LSTM hidden size (128).</summary>
    public required int Hidden { get; init; }

    /// <summary>LSTM input weights (weight_ih), [4 * hidden][input], gates in PyTorch order (input, forget, cell,
    /// output). Applied to a block of windows at once: the input does not depend on the recurrent state.</summary>
    public required float[] LstmInputWeights { get; init; }

    /// <summary>LSTM recurrent weights (weight_hh), [4 * hidden][hidden]; applied window by window.</summary>
    public required float[] LstmHiddenWeights { get; init; }

    /// <summary>bias_ih + bias_hh, [4 * hidden].</summary>
    public required float[] LstmBias { get; init; }

    /// <summary>The 1x1 output convolution, [hidden].</summary>
    public required float[] OutputWeights { get; init; }

    /// <summary>The output bias.</summary>
    public required float OutputBias { get; init; }
}

/// <summary>
/// A 1-D convolution (padding 1): weights [outChannels][kernel][inChannels] — reordered from PyTorch's
/// [out][in][kernel] at load so that an im2col column is <c>kernel</c> consecutive time steps of time-major
/// activations — and bias [outChannels].
/// </summary>
internal sealed record ConvLayer(int InChannels, int OutChannels, int Kernel, int Stride, float[] Weights, float[] Bias);
