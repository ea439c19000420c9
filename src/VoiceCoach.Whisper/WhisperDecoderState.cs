namespace VoiceCoach.Whisper;

/// <summary>
/// One decoding hypothesis: the cross-attention keys and values of an encoded window (computed
/// once by <see cref="WhisperModel.CreateDecoderState(WhisperEncoderOutput, int)"/> and shared, read-only, by every clone)
/// and this hypothesis's self-attention cache of <see cref="Length"/> tokens, both in f16 as
/// whisper.cpp keeps them. Not thread-safe: use one state from one thread at a time; different
/// states may decode in parallel. <see cref="Dispose"/> hands the caches back to the model for the
/// next state (the cross-attention cache once its last clone is disposed) and makes the state
/// unusable; a state never disposed is simply collected.
/// </summary>
public sealed class WhisperDecoderState : IDisposable
{
    private CrossCache? _cross;
    private ushort[][]? _selfKeys;
    private ushort[][]? _selfValues;

    /// <summary>Tokens a new state has room for; it grows (doubling, up to n_text_ctx) as tokens are decoded.</summary>
    internal const int InitialCapacity = 64;

    internal WhisperDecoderState(WhisperModel model, CrossCache cross, int layers, int width, int maxTokens)
    {
        Model = model;
        _cross = cross;
        Width = width;
        MaxTokens = maxTokens;
        Capacity = Math.Min(InitialCapacity, maxTokens);
        _selfKeys = new ushort[layers][];
        _selfValues = new ushort[layers][];
        for (var l = 0; l < layers; l++)
        {
            _selfKeys[l] = model.CacheArrays.Rent(Capacity * width);
            _selfValues[l] = model.CacheArrays.Rent(Capacity * width);
        }
    }

    private WhisperDecoderState(WhisperDecoderState other)
    {
        Model = other.Model;
        Width = other.Width;
        MaxTokens = other.MaxTokens;
        Capacity = other.Capacity;
        var keys = other.SelfKeys;
        var values = other.SelfValues;
        _cross = other.Cross.AddReference();
        _selfKeys = new ushort[keys.Length][];
        _selfValues = new ushort[values.Length][];
        for (var l = 0; l < keys.Length; l++)
        {
            _selfKeys[l] = Model.CacheArrays.Rent(keys[l].Length);
            _selfValues[l] = Model.CacheArrays.Rent(values[l].Length);
            keys[l].CopyTo(_selfKeys[l], 0);
            values[l].CopyTo(_selfValues[l], 0);
        }

        Length = other.Length;
    }

    /// <summary>Tokens held in the self-attention cache; the next token decoded goes to this position.</summary>
    public int Length { get; internal set; }

    /// <summary>Token positions the self-attention cache has room for (the stride of its rows).</summary>
    internal int Capacity { get; private set; }

    /// <summary>n_text_state.</summary>
    internal int Width { get; }

    /// <summary>n_text_ctx: the most tokens a state can hold.</summary>
    internal int MaxTokens { get; }

    internal WhisperModel Model { get; }

    internal CrossCache Cross => _cross ?? throw new ObjectDisposedException(nameof(WhisperDecoderState));

    /// <summary>Per layer: keys transposed per head, [head][dim][<see cref="Capacity"/>], f16 bits.</summary>
    internal ushort[][] SelfKeys => _selfKeys ?? throw new ObjectDisposedException(nameof(WhisperDecoderState));

    /// <summary>Per layer: values per head, [head][<see cref="Capacity"/>][dim], f16 bits.</summary>
    internal ushort[][] SelfValues => _selfValues ?? throw new ObjectDisposedException(nameof(WhisperDecoderState));

    /// <summary>
    /// Makes room for <paramref name="tokens"/> positions: the cache is re-laid out at a larger stride (double, or what
    /// is asked, at most n_text_ctx), keeping the first <see cref="Length"/> positions. A window's decode rarely needs all
    /// 448 positions, and beam search copies the whole cache for every clone, so states start small.
    /// </summary>
    internal void EnsureCapacity(int tokens, int heads)
    {
        if (tokens <= Capacity)
        {
            return;
        }

        var capacity = Math.Min(MaxTokens, Math.Max(tokens, 2 * Capacity));
        var d = Width / heads;
        var keys = SelfKeys;
        var values = SelfValues;
        for (var l = 0; l < keys.Length; l++)
        {
            var k = Model.CacheArrays.Rent(capacity * Width);
            var v = Model.CacheArrays.Rent(capacity * Width);
            for (var row = 0; row < Width; row++)
            {
                Array.Copy(keys[l], row * Capacity, k, row * capacity, Length);
            }

            for (var h = 0; h < heads; h++)
            {
                Array.Copy(values[l], h * Capacity * d, v, h * capacity * d, Length * d);
            }

            Model.CacheArrays.Return(keys[l]);
            Model.CacheArrays.Return(values[l]);
            keys[l] = k;
            values[l] = v;
        }

        Capacity = capacity;
    }

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
        var keys = Interlocked.Exchange(ref _selfKeys, null);
        if (keys is null)
        {
            return;
        }

        var values = _selfValues!;
        _selfValues = null;
        for (var l = 0; l < keys.Length; l++)
        {
            Model.CacheArrays.Return(keys[l]);
            Model.CacheArrays.Return(values[l]);
        }

        _cross?.Release();
        _cross = null;
    }

    /// <summary>
    /// Cross-attention keys ([head][dim][n_audio_ctx], transposed) and values ([head][n_audio_ctx][dim])
    /// per decoder layer, as f16 bits like whisper.cpp's cache: half the memory traffic per token.
    /// Shared by a state and its clones; its pages go back to the OS when the last one is disposed (or,
    /// for states never disposed, when the collector finalises the memory), so a window's cache is not
    /// resident while the next window is encoded.
    /// </summary>
    internal sealed unsafe class CrossCache
    {
        private readonly Numerics.PageMemory _memory;
        private int _references = 1;

        public CrossCache(int layers, int positions, int width)
        {
            Positions = positions;
            Width = width;
            _memory = Numerics.PageMemory.Allocate(2L * layers * positions * width * sizeof(ushort));
        }

        public int Positions { get; }

        public int Width { get; }

        /// <summary>Whether the last reference was released and the pages returned to the OS.</summary>
        public bool IsReleased => _memory.IsClosed;

        /// <summary>Layer <paramref name="layer"/>'s keys, [head][dim][<see cref="Positions"/>].</summary>
        public ushort* Keys(int layer) => (ushort*)_memory.Pointer + (2L * layer * Positions * Width);

        /// <summary>Layer <paramref name="layer"/>'s values, [head][<see cref="Positions"/>][dim].</summary>
        public ushort* Values(int layer) => (ushort*)_memory.Pointer + (((2L * layer) + 1) * Positions * Width);

        public CrossCache AddReference()
        {
            Interlocked.Increment(ref _references);
            return this;
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                _memory.Dispose();
            }
        }
    }
}

/// <summary>
/// f16 cache arrays of a model, recycled: a disposed decoder state's arrays serve the next state
/// instead of waiting for a full garbage collection of the large-object heap.
/// </summary>
internal sealed class CacheArrayPool
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, System.Collections.Concurrent.ConcurrentBag<ushort[]>> _free = new();

    public ushort[] Rent(int length) =>
        _free.TryGetValue(length, out var bag) && bag.TryTake(out var array) ? array : GC.AllocateUninitializedArray<ushort>(length);

    public void Return(ushort[] array) => _free.GetOrAdd(array.Length, _ => []).Add(array);
}
