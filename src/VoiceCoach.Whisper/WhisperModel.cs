using System.Globalization;
using VoiceCoach.Whisper.Ggml;
using VoiceCoach.Whisper.Inference;
using VoiceCoach.Whisper.Mel;

namespace VoiceCoach.Whisper;

/// <summary>
/// A whisper.cpp ggml model (f32, f16, q4_0, q4_1, q5_0, q5_1 or q8_0 weights), memory-mapped and
/// used in place: weights are converted to f32 a panel at a time inside each matrix product, never
/// copied whole. Load once per process; the model is immutable after <see cref="Load"/>, so any
/// number of threads may call <see cref="ComputeLogMel(ReadOnlySpan{float}, int)"/>, <see cref="Encode"/>,
/// <see cref="CreateDecoderState(WhisperEncoderOutput, int)"/> and <see cref="Decode"/> at once (each
/// <see cref="WhisperDecoderState"/> by one thread at a time). The caller owns the model and
/// disposes it, after every call using it has returned; that unmaps the file.
/// <para><c>threads</c> arguments: 0 means <see cref="Environment.ProcessorCount"/>.</para>
/// </summary>
public sealed class WhisperModel : IDisposable, IAsyncDisposable
{
    private readonly GgmlFile _file;
    private readonly WhisperWeights _weights;
    private readonly LogMelSpectrogram _mel;
    private bool _disposed;

    private WhisperModel(GgmlFile file, WhisperWeights weights)
    {
        _file = file;
        _weights = weights;
        _mel = new LogMelSpectrogram(file.MelFilters, file.HyperParameters.MelBands, file.FilterBins);
    }

    /// <summary>Recycled f16 self-attention cache arrays of this model's decoder states (the cross-attention caches are unmapped instead).</summary>
    internal CacheArrayPool CacheArrays { get; } = new();

    internal WhisperWeights Weights => _weights;

    /// <summary>The file this model was loaded from.</summary>
    public string Path => _file.Path;

    /// <summary>The header of the file.</summary>
    public WhisperHyperParameters HyperParameters => _file.HyperParameters;

    /// <summary>Token byte strings as stored, in id order. Ids from Count up to n_vocab − 1 are special tokens the file does not spell out.</summary>
    public IReadOnlyList<byte[]> Vocabulary => _file.Vocabulary;

    /// <summary>Size of the model file in bytes.</summary>
    public long FileSize => _file.Length;

    /// <summary>
    /// Maps and validates a ggml Whisper file. Throws <see cref="WhisperModelException"/> naming
    /// the file and the problem when it is missing, truncated, not a ggml file, or holds tensors of
    /// the wrong name, shape or type.
    /// </summary>
    public static WhisperModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = GgmlFile.Open(path);
        try
        {
            var weights = WhisperWeights.Bind(file);
            if (file.FilterBins != LogMelSpectrogram.FftSize / 2 + 1)
            {
                throw new WhisperModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: mel filters have {file.FilterBins} bins; Whisper models have {(LogMelSpectrogram.FftSize / 2) + 1}"));
            }

            return new WhisperModel(file, weights);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The log-mel spectrogram of 16 kHz mono samples, [n_mels × frames] row-major with
    /// frames = samples / 160, computed as openai/whisper does (including the floor 8 log10 units
    /// below the maximum and the (x + 4) / 4 scaling). To match whisper.cpp's windows, use the
    /// overload with 30 s (480 000 samples) of trailing silence.
    /// </summary>
    public float[] ComputeLogMel(ReadOnlySpan<float> samples16k, int threads = 0) => ComputeLogMel(samples16k, 0, threads);

    /// <summary>
    /// The log-mel spectrogram of the samples followed by <paramref name="trailingSilence"/> zero samples,
    /// frames = (samples + trailingSilence) / 160, without copying the clip. whisper.cpp and openai/whisper
    /// append 30 s (480 000 samples) so the last window is full and every window shares the floor.
    /// </summary>
    public float[] ComputeLogMel(ReadOnlySpan<float> samples16k, int trailingSilence, int threads)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _mel.Compute(samples16k, threads, CancellationToken.None, trailingSilence);
    }

    /// <summary>
    /// Encodes one 30 s window. <paramref name="mel"/> is [n_mels × <paramref name="frames"/>]
    /// row-major (as <see cref="ComputeLogMel(ReadOnlySpan{float}, int)"/> returns); frames beyond 3000 (2 × n_audio_ctx) are
    /// ignored and missing ones are zero, as openai/whisper pads. Cancellation is observed between
    /// layers and between blocks of rows. The output is a new array the caller owns.
    /// </summary>
    public unsafe WhisperEncoderOutput Encode(ReadOnlySpan<float> mel, int frames, int threads, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var hp = HyperParameters;
        var data = GC.AllocateUninitializedArray<float>(hp.AudioContext * hp.AudioState);
        fixed (float* output = data)
        {
            RunEncoder(mel, frames, 0, frames, output, threads, ct);
        }

        return new WhisperEncoderOutput(this, data, hp.AudioContext, hp.AudioState);
    }

    /// <summary>
    /// Starts decoding against an encoded window: computes every decoder layer's cross-attention
    /// keys and values once. The returned state (empty: <see cref="WhisperDecoderState.Length"/> 0)
    /// belongs to the caller.
    /// </summary>
    public WhisperDecoderState CreateDecoderState(WhisperEncoderOutput encoded, int threads)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(encoded);
        return CreateDecoderState(encoded, threads, CancellationToken.None);
    }

    /// <summary><see cref="CreateDecoderState(WhisperEncoderOutput, int)"/> with cancellation between layers.</summary>
    public unsafe WhisperDecoderState CreateDecoderState(WhisperEncoderOutput encoded, int threads, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Model != this)
        {
            throw new ArgumentException("the encoder output comes from another model", nameof(encoded));
        }

        WhisperDecoderState.CrossCache cross;
        fixed (float* features = encoded.Data)
        {
            cross = ComputeCross(features, threads, ct);
        }

        try
        {
            return CreateDecoderState(cross);
        }
        finally
        {
            cross.Release();
        }
    }

    /// <summary>
    /// The encoder over frames [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="frames"/>) of a
    /// mel whose bands are <paramref name="stride"/> frames long (a window read in place: no copy of it), into pages
    /// of its own: [n_audio_ctx × n_audio_state]. The caller disposes them; the scratch is unmapped before this returns.
    /// </summary>
    internal unsafe Numerics.PageMemory EncodeToPages(ReadOnlySpan<float> mel, int stride, int offset, int frames, int threads, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var hp = HyperParameters;
        Numerics.PageMemory? features = null;
        try
        {
            features = Numerics.PageMemory.Allocate((long)hp.AudioContext * hp.AudioState * sizeof(float));
            RunEncoder(mel, stride, offset, frames, (float*)features.Pointer, threads, ct);
            var result = features;
            features = null;
            return result;
        }
        finally
        {
            features?.Dispose();
        }
    }

    /// <summary>The encoder into <paramref name="output"/> ([n_audio_ctx × n_audio_state]), its scratch mapped for this call only.</summary>
    private unsafe void RunEncoder(ReadOnlySpan<float> mel, int stride, int offset, int frames, float* output, int threads, CancellationToken ct)
    {
        using var workspace = new EncoderWorkspace(EncoderWorkspace.EncoderSize(HyperParameters));
        Encoder.Run(_weights, HyperParameters, mel, stride, offset, frames, workspace, output, threads, ct);
    }

    /// <summary>
    /// Every decoder layer's cross-attention keys and values for encoder features [n_audio_ctx × n_audio_state], in a new
    /// cache whose first reference the caller owns (and releases).
    /// </summary>
    internal unsafe WhisperDecoderState.CrossCache ComputeCross(float* features, int threads, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var hp = HyperParameters;
        using var workspace = new EncoderWorkspace(EncoderWorkspace.CrossSize(hp));
        return Decoder.ComputeCross(_weights, hp, features, workspace, threads, ct);
    }

    /// <summary>A new, empty decoder state over a computed cross-attention cache; it takes its own reference.</summary>
    internal WhisperDecoderState CreateDecoderState(WhisperDecoderState.CrossCache cross)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var hp = HyperParameters;
        return new WhisperDecoderState(this, cross.AddReference(), hp.TextLayers, hp.TextState, hp.TextContext);
    }

    /// <summary>
    /// Appends <paramref name="tokens"/> to the state's self-attention cache (positions
    /// Length … Length + tokens.Length − 1) and writes the n_vocab logits of the last of them.
    /// Throws <see cref="ArgumentException"/> when the tokens would pass n_text_ctx (448) or an id is
    /// outside the vocabulary; the state is unchanged then. Cancellation is observed between layers.
    /// </summary>
    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(state);
        var hp = HyperParameters;
        if (state.Model != this)
        {
            throw new ArgumentException("the decoder state belongs to another model", nameof(state));
        }

        if (tokens.IsEmpty)
        {
            throw new ArgumentException("no tokens to decode", nameof(tokens));
        }

        if (state.Length + tokens.Length > hp.TextContext)
        {
            throw new ArgumentException($"{state.Length} + {tokens.Length} tokens exceed the decoder context of {hp.TextContext}", nameof(tokens));
        }

        foreach (var t in tokens)
        {
            if ((uint)t >= (uint)hp.VocabularySize)
            {
                throw new ArgumentException($"token {t} is outside the vocabulary (n_vocab {hp.VocabularySize})", nameof(tokens));
            }
        }

        if (logits.Length < hp.VocabularySize)
        {
            throw new ArgumentException($"logits holds {logits.Length} values; n_vocab is {hp.VocabularySize}", nameof(logits));
        }

        var length = state.Length;
        Numerics.GarbageBound.Check();
        try
        {
            Decoder.Run(_weights, hp, state, tokens, logits, threads, ct);
        }
        catch (OperationCanceledException)
        {
            // A cancelled call leaves the state as it was (the cache rows past Length are ignored).
            state.Length = length;
            throw;
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _file.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
