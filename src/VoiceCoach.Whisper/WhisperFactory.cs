namespace VoiceCoach.Whisper;

/// <summary>
/// Owns a loaded Whisper model and its tokenizer; makes processors. Load once per process
/// (<see cref="FromPath"/>); creating processors is thread-safe. Dispose it after every processor
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

    /// <summary>
    /// Loads a ggml Whisper model (e.g. "models/ggml-base.en.bin"); the factory owns it.
    /// </summary>
    /// <exception cref="WhisperModelException">The file is missing or not a usable ggml Whisper model; the message names it.</exception>
    public static WhisperFactory FromPath(string path)
    {
        var model = WhisperModel.Load(path);
        try
        {
            return FromModel(model, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A factory over an already loaded model; disposes it with the factory only when <paramref name="ownsModel"/>.</summary>
    public static WhisperFactory FromModel(WhisperModel model, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tokenizer = new WhisperTokenizer(model.Vocabulary, model.HyperParameters.VocabularySize);
        return new WhisperFactory(new WhisperModelInference(model), tokenizer, Path.GetFileNameWithoutExtension(model.Path), ownsModel ? model : null);
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
