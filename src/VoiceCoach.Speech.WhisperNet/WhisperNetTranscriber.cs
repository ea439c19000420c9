using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Whisper;
using VoiceCoach.Whisper;
using NetFactory = Whisper.net.WhisperFactory;
using NetProcessorBuilder = Whisper.net.WhisperProcessorBuilder;

namespace VoiceCoach.Speech.WhisperNet;

/// <summary>
/// <see cref="ITranscriber"/> over Whisper.net (whisper.cpp), with the managed engine's settings and output: the same
/// ggml file, the same <see cref="WhisperTranscriberOptions"/> (filler prompt, beam 5, temperature fallback, token
/// timestamps), and words timed and joined from whisper.cpp's tokens by the managed engine's own code
/// (<see cref="WhisperNetSegmentMapper"/>), so a transcript compares word for word. The model is loaded once, by the constructor
/// (Whisper.net's factory); each <see cref="TranscribeAsync"/> builds its own processor, which is cheap and keeps
/// concurrent calls apart (a Whisper.net processor runs one clip at a time). VAD gating is the caller's, as for the
/// managed engine (practice wraps it in the chunked streaming transcriber, grade skips clips with no speech).
/// Dispose after every call has finished: that frees the native model.
/// </summary>
public sealed class WhisperNetTranscriber : ITranscriber, IDisposable, IAsyncDisposable
{
    private readonly NetFactory _factory;
    private readonly WhisperTokenizer _tokenizer;
    private readonly WhisperTranscriberOptions _options;
    private readonly ILogger _logger;

    /// <summary>Loads the ggml model at <paramref name="modelPath"/> into whisper.cpp (e.g. "models/ggml-base.en.bin").</summary>
    /// <exception cref="TranscriptionException">
    /// The model is not a usable ggml file, or Whisper.net's native library cannot be loaded on this platform; the
    /// message names the file or the platform and says what to do.
    /// </exception>
    public WhisperNetTranscriber(string modelPath, WhisperTranscriberOptions? options = null, ILogger<WhisperNetTranscriber>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        _options = options ?? new WhisperTranscriberOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;

        // Our reader checks the file first: whisper.cpp answers a bad file with a bare failure code, ours names the problem.
        _tokenizer = ReadTokenizer(modelPath);
        _factory = WhisperNetRuntime.LoadModel(modelPath, _logger);
        Runtime = WhisperNetRuntime.LoadedRuntime;
        EngineName = $"whisper {Path.GetFileNameWithoutExtension(modelPath)} (Whisper.net {Runtime})";
    }

    /// <summary>E.g. "whisper ggml-base.en (Whisper.net cpu)".</summary>
    public string EngineName { get; }

    /// <summary>The whisper.cpp build Whisper.net loaded: "cpu", "cuda", "vulkan", …</summary>
    public string Runtime { get; }

    /// <inheritdoc/>
    public async Task<Transcript> TranscribeAsync(AudioClip clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var segments = new List<TranscriptSegment>();
        try
        {
            using var processor = Configure(_factory.CreateBuilder(), _options).Build();
            var mapper = new WhisperNetSegmentMapper(_tokenizer, clip.Samples);
            await foreach (var segment in processor.ProcessAsync(clip.Samples, cancellationToken).ConfigureAwait(false))
            {
                if (mapper.Map(segment) is { } mapped)
                {
                    segments.Add(mapped);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TranscriptionException($"{Describe(clip)}: {EngineName} failed: {ex.Message}", ex);
        }

        _logger.LogDebug("{Engine} transcribed {Source} ({Duration}): {Segments} segments", EngineName, Describe(clip), clip.Duration, segments.Count);
        return new Transcript(EngineName, segments);
    }

    /// <summary>Whisper.net settings equal to the managed engine's for <paramref name="options"/> (whisper.cpp's defaults cover the rest: thresholds 2.4 / −1 / 0.6, temperature step 0.2).</summary>
    internal static NetProcessorBuilder Configure(NetProcessorBuilder builder, WhisperTranscriberOptions options)
    {
        builder = builder.WithLanguage(options.Language).WithTokenTimestamps().WithProbabilities();
        builder = options.BeamSize > 1
            ? builder.WithBeamSearchSamplingStrategy(b => b.WithBeamSize(options.BeamSize))
            : builder.WithGreedySamplingStrategy();
        if (!string.IsNullOrWhiteSpace(options.Prompt))
        {
            builder = builder.WithPrompt(options.Prompt);
        }

        if (!options.TemperatureFallback)
        {
            builder = builder.WithTemperatureInc(0f);
        }

        if (options.Threads > 0)
        {
            builder = builder.WithThreads(options.Threads);
        }

        if (options.MaxTokensPerWindow > 0)
        {
            builder = builder.WithMaxTokensPerSegment(options.MaxTokensPerWindow);
        }

        return builder;
    }

    public void Dispose() => _factory.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static WhisperTokenizer ReadTokenizer(string modelPath)
    {
        try
        {
            return WhisperTokenizer.FromModelFile(modelPath);
        }
        catch (WhisperModelException ex)
        {
            throw new TranscriptionException($"{ex.Message} (put a whisper.cpp ggml model there; models/README.md says where to get one)", ex);
        }
    }

    private static string Describe(AudioClip clip) => clip.Source.Length > 0 ? clip.Source : "audio";
}
