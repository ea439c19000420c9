namespace VoiceCoach.Whisper;

/// <summary>
/// Owns a loaded Whisper model and its tokenizer; makes processors. Load once per process
/// (FromPath); creating processors is thread-safe. Dispose it after every processor
/// made from it has finished: that releases the model.
/// </summary>
public sealed class WhisperFactory : IDisposable, IAsyncDisposable
{
    private readonly IWhisperInference _inference;
    private readonly IDisposable? _owned;

    internal WhisperFactory(IWhisperInference inference, WhisperTokenizer tokenizer, string modelName, IDisposable? owned)
    {
        _inference = inference;
        Tokenizer = tokenizer;
        ModelName = modelName;
        _owned = owned;
    }

    /// <summary>The model's tokenizer (special ids, text ↔ tokens).</summary>
    public WhisperTokenizer Tokenizer { get; }

    /// <summary>The model file's name without extension, e.g. "ggml-base.en".</summary>
    public string ModelName { get; }

    /// <summary>A builder for a processor over this model.</summary>
    public WhisperProcessorBuilder CreateBuilder() => new(_inference, Tokenizer);

    public void Dispose() => _owned?.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
