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
        var padded = new float[samples.Length + PaddingSamples];
        samples.CopyTo(padded);
        var data = Model.ComputeLogMel(padded, threads);
        var bands = Model.HyperParameters.MelBands;
        return new WhisperMel(data, bands, data.Length / bands, samples.Length / 160);
    }

    public IWhisperEncoding Encode(WhisperMel mel, int offsetFrames, int threads, CancellationToken cancellationToken)
    {
        var frames = WhisperTranscriptionLoop.WindowFrames;
        var window = new float[mel.Bands * frames];
        var available = Math.Clamp(mel.Frames - offsetFrames, 0, frames);
        for (var b = 0; b < mel.Bands; b++)
        {
            mel.Data.AsSpan((b * mel.Frames) + offsetFrames, available).CopyTo(window.AsSpan(b * frames));
        }

        var encoded = Model.Encode(window, frames, threads, cancellationToken);
        return new Encoding(Model, encoded);
    }

    private sealed class Encoding(WhisperModel model, WhisperEncoderOutput encoded) : IWhisperEncoding
    {
        public IWhisperDecoderSession CreateSession(int threads) => new Session(model, encoded, threads);

        // Every session of this window has computed its cross-attention cache by now.
        public void Dispose() => encoded.Recycle();
    }

    /// <summary>Owns one decoder state.</summary>
    private sealed class Session : IWhisperDecoderSession
    {
        private readonly WhisperModel _model;
        private readonly WhisperDecoderState _state;
        private readonly int _threads;

        public Session(WhisperModel model, WhisperEncoderOutput encoded, int threads)
        {
            _model = model;
            _threads = threads;
            _state = model.CreateDecoderState(encoded, threads);
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
