namespace VoiceCoach.Whisper;

/// <summary>
/// One decoding hypothesis: the cross-attention keys and values of an encoded window (computed
/// once by <see cref="WhisperModel.CreateDecoderState(WhisperEncoderOutput, int)"/> and shared, read-only, by every clone)
/// and this hypothesis's self-attention cache of <see cref="Length"/> tokens.
/// Not thread-safe: use one state from one thread at a time; different states may decode in
/// parallel. Owns only managed memory; <see cref="Dispose"/> drops it and makes the state unusable.
/// </summary>
public sealed class WhisperDecoderState : IDisposable
{
    private CrossCache? _cross;
    private float[][]? _selfKeys;
    private float[][]? _selfValues;

    internal WhisperDecoderState(WhisperModel model, CrossCache cross, int layers, int selfSize)
    {
        Model = model;
        _cross = cross;
        _selfKeys = new float[layers][];
        _selfValues = new float[layers][];
        for (var l = 0; l < layers; l++)
        {
            _selfKeys[l] = new float[selfSize];
            _selfValues[l] = new float[selfSize];
        }
    }

    private WhisperDecoderState(WhisperDecoderState other)
    {
        Model = other.Model;
        _cross = other.Cross;
        var keys = other.SelfKeys;
        var values = other.SelfValues;
        _selfKeys = new float[keys.Length][];
        _selfValues = new float[values.Length][];
        for (var l = 0; l < keys.Length; l++)
        {
            _selfKeys[l] = (float[])keys[l].Clone();
            _selfValues[l] = (float[])values[l].Clone();
        }

        Length = other.Length;
    }

    /// <summary>Tokens held in the self-attention cache; the next token decoded goes to this position.</summary>
    public int Length { get; internal set; }

    internal WhisperModel Model { get; }

    internal CrossCache Cross => _cross ?? throw new ObjectDisposedException(nameof(WhisperDecoderState));

    /// <summary>Per layer: keys transposed per head, [head][dim][n_text_ctx].</summary>
    internal float[][] SelfKeys => _selfKeys ?? throw new ObjectDisposedException(nameof(WhisperDecoderState));

    /// <summary>Per layer: values per head, [head][n_text_ctx][dim].</summary>
    internal float[][] SelfValues => _selfValues ?? throw new ObjectDisposedException(nameof(WhisperDecoderState));

    /// <summary>A copy for another hypothesis (beam search): shares the cross-attention cache, copies the self-attention cache.</summary>
    public WhisperDecoderState Clone() => new(this);

    /// <summary>Forgets every token from <paramref name="length"/> on, so decoding resumes at that position.</summary>
    public void Truncate(int length)
    {
        ObjectDisposedException.ThrowIf(_selfKeys is null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
    }

    public void Dispose()
    {
        _cross = null;
        _selfKeys = null;
        _selfValues = null;
    }

    /// <summary>
    /// Cross-attention keys ([head][dim][n_audio_ctx], transposed) and values ([head][n_audio_ctx][dim])
    /// per decoder layer, as f16 bits like whisper.cpp's cache: half the memory traffic per token.
    /// </summary>
    internal sealed class CrossCache(ushort[][] keys, ushort[][] values, int positions)
    {
        public ushort[][] Keys { get; } = keys;

        public ushort[][] Values { get; } = values;

        public int Positions { get; } = positions;
    }
}
