namespace VoiceCoach.Whisper;

/// <summary>
/// The decoding seam over the real <see cref="WhisperModel"/>. The model is immutable and
/// thread-safe; this adapter adds nothing mutable, and does not own the model.
/// </summary>
internal sealed class WhisperModelInference(WhisperModel model) : IWhisperInference
{
    private const int PaddingSamples = 30 * 16000;

    public WhisperModel Model { get; } = model;

    public int VocabularySize => Model.HyperParameters.VocabularySize;

    public int TextContext => Model.HyperParameters.TextContext;

    public int AudioContext => Model.HyperParameters.AudioContext;

    public WhisperMel ComputeLogMel(ReadOnlySpan<float> samples, int threads)
    {
        // openai and whisper.cpp compute the mel of the clip followed by 30 s of silence, so the
        // last window is full and the floor (max − 8) is the same for every window.
        var data = Model.ComputeLogMel(samples, PaddingSamples, threads);
        var bands = Model.HyperParameters.MelBands;
        return new WhisperMel(data, bands, data.Length / bands, samples.Length / 160);
    }

    public unsafe IWhisperEncoding Encode(WhisperMel mel, int offsetFrames, int threads, CancellationToken cancellationToken)
    {
        // The window is read in place, and the encoder's features live only until the cross-attention
        // cache is computed from them: every session of the window then shares that one cache.
        var frames = Math.Clamp(mel.Frames - offsetFrames, 0, WhisperTranscriptionLoop.WindowFrames);
        using var features = Model.EncodeToPages(mel.Data, mel.Frames, Math.Min(offsetFrames, mel.Frames), frames, threads, cancellationToken);
        var cross = Model.ComputeCross((float*)features.Pointer, threads, cancellationToken);
        return new Encoding(Model, cross);
    }

    /// <summary>Holds one reference to the window's cross-attention cache; each session holds its own.</summary>
    private sealed class Encoding(WhisperModel model, WhisperDecoderState.CrossCache cross) : IWhisperEncoding
    {
        private int _disposed;

        public IWhisperDecoderSession CreateSession(int threads)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new Session(model, model.CreateDecoderState(cross), threads);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                cross.Release();
            }
        }
    }

    /// <summary>Owns one decoder state.</summary>
    private sealed class Session : IWhisperDecoderSession
    {
        private readonly WhisperModel _model;
        private readonly WhisperDecoderState _state;
        private readonly int _threads;

        public Session(WhisperModel model, WhisperDecoderState state, int threads)
        {
            _model = model;
            _threads = threads;
            _state = state;
        }

        private Session(Session source)
        {
            _model = source._model;
            _threads = source._threads;
            _state = source._state.Clone();
        }

        public int Length => _state.Length;

        public void Decode(ReadOnlySpan<int> tokens, Span<float> logits, CancellationToken cancellationToken) =>
            _model.Decode(_state, tokens, logits, _threads, cancellationToken);

        public IWhisperDecoderSession Clone() => new Session(this);

        public void Dispose() => _state.Dispose();
    }
}
