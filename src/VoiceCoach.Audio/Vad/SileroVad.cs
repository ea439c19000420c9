using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// Silero VAD v6.2 in managed code, from whisper.cpp's ggml VAD model file (e.g. silero-v6.2.0-ggml.bin).
/// Load once per process with <see cref="Load"/>; the weights are read-only and shared, so this object is
/// thread-safe. Each audio stream gets its own cheap <see cref="VadSession"/> from <see cref="CreateSession"/>.
/// The caller owns and disposes this object; sessions need no disposal but must not be used after it.
/// </summary>
public sealed class SileroVad : IDisposable, IAsyncDisposable
{
    private SileroVadModel? _model;

    private SileroVad(SileroVadModel model, string modelPath)
    {
        _model = model;
        ModelPath = modelPath;
    }

    /// <summary>The file the model was loaded from.</summary>
    public string ModelPath { get; }

    /// <summary>The Silero version recorded in the file, e.g. "6.2.0".</summary>
    public string Version => Model.Version;

    /// <summary>Samples per probability window (512).</summary>
    public int WindowSamples => Model.WindowSamples;

    /// <summary>Audio time per probability window (32 ms).</summary>
    public TimeSpan WindowDuration => TimeSpan.FromSeconds(Model.WindowSamples / (double)AudioClip.SampleRate);

    private SileroVadModel Model => _model ?? throw new ObjectDisposedException(nameof(SileroVad));

    /// <summary>Loads a whisper.cpp ggml Silero VAD model (about 0.9 MB; a few milliseconds).</summary>
    /// <param name="modelPath">The model file, e.g. models/silero-v6.2.0-ggml.bin.</param>
    /// <param name="logger">Where to note what was loaded; null for none.</param>
    /// <exception cref="VadModelException">The file is missing, not a ggml VAD model, truncated or malformed.</exception>
    public static SileroVad Load(string modelPath, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var log = logger ?? NullLogger.Instance;
        var model = GgmlVadModelReader.Load(modelPath);
        log.LogDebug("Loaded Silero VAD {Version} ({ModelType}) from {ModelPath}", model.Version, model.ModelType, modelPath);
        return new SileroVad(model, modelPath);
    }

    /// <summary>A new stream with fresh state.</summary>
    public VadSession CreateSession() => new(Model);

    /// <summary>
    /// Speech probability per 512-sample window of 16 kHz mono samples; the last partial window is zero-padded
    /// (so there are ceil(n / 512) values), as whisper.cpp's whisper_vad_detect_speech does.
    /// </summary>
    public float[] ComputeProbabilities(ReadOnlySpan<float> samples)
    {
        var session = CreateSession();
        var probabilities = new List<float>((samples.Length + WindowSamples - 1) / WindowSamples);
        session.Push(samples, probabilities);
        if (session.Flush() is { } last)
        {
            probabilities.Add(last);
        }

        return [.. probabilities];
    }

    /// <summary>Probabilities and speech segments of a clip (what <c>voicecoach vad FILE</c> prints).</summary>
    /// <param name="clip">16 kHz mono audio.</param>
    /// <param name="options">Segment rules; null for whisper.cpp's defaults (<see cref="VadOptions.Default"/>).</param>
    public VadResult Detect(AudioClip clip, VadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var o = (options ?? VadOptions.Default).Validate();
        var probabilities = ComputeProbabilities(clip.Samples);
        var segments = VadSegmenter.FromProbabilities(probabilities, o, WindowSamples);
        return new VadResult(probabilities, segments, clip.Samples.Length, WindowSamples, o);
    }

    /// <summary>
    /// True when the clip holds any speech segment under <paramref name="options"/>: used to refuse to transcribe
    /// silence (Whisper invents text for it).
    /// </summary>
    public bool ContainsSpeech(AudioClip clip, VadOptions? options = null) => Detect(clip, options).HasSpeech;

    /// <inheritdoc />
    public void Dispose() => _model = null;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
