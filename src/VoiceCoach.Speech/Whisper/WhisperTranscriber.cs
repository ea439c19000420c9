using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Whisper;

namespace VoiceCoach.Speech.Whisper;

/// <summary>
/// <see cref="ITranscriber"/> over our managed Whisper engine. Loads the model once (or uses a
/// factory it is given) and makes one processor with per-word timestamps and a filler-keeping
/// prompt. Safe to call from several threads at once: each call decodes independently. Disposing
/// it releases the model only when it loaded the model itself.
/// </summary>
public sealed class WhisperTranscriber : ITranscriber, IDisposable, IAsyncDisposable
{
    private readonly WhisperFactory _factory;
    private readonly bool _ownsFactory;
    private readonly WhisperProcessor _processor;
    private readonly ILogger _logger;

    /// <summary>Loads the ggml model at <paramref name="modelPath"/> (e.g. "models/ggml-base.en.bin").</summary>
    /// <exception cref="TranscriptionException">The model cannot be loaded; the message names the file and the fix.</exception>
    public WhisperTranscriber(string modelPath, WhisperTranscriberOptions? options = null, ILogger<WhisperTranscriber>? logger = null)
        : this(Load(modelPath), ownsFactory: true, options, logger)
    {
    }

    /// <summary>Uses an already loaded model; the caller keeps ownership of <paramref name="factory"/>.</summary>
    public WhisperTranscriber(WhisperFactory factory, WhisperTranscriberOptions? options = null, ILogger<WhisperTranscriber>? logger = null)
        : this(factory, ownsFactory: false, options, logger)
    {
    }

    private WhisperTranscriber(WhisperFactory factory, bool ownsFactory, WhisperTranscriberOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _ownsFactory = ownsFactory;
        _logger = logger ?? NullLogger.Instance;
        options ??= new WhisperTranscriberOptions();
        var builder = factory.CreateBuilder().WithLanguage(options.Language).WithTokenTimestamps();
        builder = options.BeamSize > 1 ? builder.WithBeamSearchSamplingStrategy(options.BeamSize) : builder.WithGreedySamplingStrategy();
        if (!string.IsNullOrWhiteSpace(options.Prompt))
        {
            builder = builder.WithPrompt(options.Prompt);
        }

        if (!options.TemperatureFallback)
        {
            builder = builder.WithoutTemperatureFallback();
        }

        if (options.Threads > 0)
        {
            builder = builder.WithThreads(options.Threads);
        }

        if (options.MaxTokensPerWindow > 0)
        {
            builder = builder.WithMaxTokensPerWindow(options.MaxTokensPerWindow);
        }

        _processor = builder.Build();
        EngineName = $"whisper {factory.ModelName} (managed)";
    }

    /// <summary>E.g. "whisper ggml-base.en (managed)".</summary>
    public string EngineName { get; }

    /// <inheritdoc/>
    public async Task<Transcript> TranscribeAsync(AudioClip clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var segments = new List<TranscriptSegment>();
        try
        {
            await foreach (var segment in _processor.ProcessAsync(clip.Samples, cancellationToken).ConfigureAwait(false))
            {
                var words = segment.Words
                    .Select(w => new TimedWord(w.Text, w.Start, w.End, w.Probability))
                    .ToList();
                segments.Add(new TranscriptSegment(segment.Start, segment.End, segment.Text.Trim(), words));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TranscriptionException($"{Describe(clip)}: {EngineName} failed: {ex.Message}", ex);
        }

        _logger.LogDebug("{Engine} transcribed {Source} ({Duration}): {Segments} segments", EngineName, Describe(clip), clip.Duration, segments.Count);
        return new Transcript(EngineName, segments);
    }

    public void Dispose()
    {
        _processor.Dispose();
        if (_ownsFactory)
        {
            _factory.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Describe(AudioClip clip) => clip.Source.Length > 0 ? clip.Source : "audio";

    private static WhisperFactory Load(string modelPath)
    {
        try
        {
            return WhisperFactory.FromPath(modelPath);
        }
        catch (WhisperModelException ex)
        {
            throw new TranscriptionException($"{ex.Message} (put a whisper.cpp ggml model there; models/README.md says where to get one)", ex);
        }
        catch (IOException ex)
        {
            throw new TranscriptionException($"{modelPath}: cannot read the Whisper model: {ex.Message}", ex);
        }
    }
}
