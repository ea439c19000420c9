using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// What Silero VAD found in a clip: a probability per 512-sample window, the speech segments, the spoken span
/// (leading and trailing silence trimmed) and pause statistics. Immutable.
/// </summary>
public sealed class VadResult
{
    /// <summary>Creates a result; <paramref name="probabilities"/> is owned by the result afterwards.</summary>
    public VadResult(float[] probabilities, IReadOnlyList<SpeechSegment> segments, int sampleCount, int windowSamples, VadOptions options)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(options);
        Probabilities = probabilities;
        Segments = segments;
        SampleCount = sampleCount;
        WindowSamples = windowSamples;
        Options = options;
        Pauses = PauseStatistics.FromSegments(segments);
    }

    /// <summary>Speech probability of each window, in order; window i starts at i × 32 ms.</summary>
    public IReadOnlyList<float> Probabilities { get; }

    /// <summary>Speech segments (whisper.cpp's rules and padding).</summary>
    public IReadOnlyList<SpeechSegment> Segments { get; }

    /// <summary>Samples in the clip.</summary>
    public int SampleCount { get; }

    /// <summary>Samples per probability window (512).</summary>
    public int WindowSamples { get; }

    /// <summary>The options the segments were found with.</summary>
    public VadOptions Options { get; }

    /// <summary>True when there is at least one speech segment.</summary>
    public bool HasSpeech => Segments.Count > 0;

    /// <summary>Length of the whole clip (raw duration).</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(SampleCount / (double)AudioClip.SampleRate);

    /// <summary>Start of the first segment (leading silence trimmed); null without speech.</summary>
    public TimeSpan? SpokenStart => HasSpeech ? Segments[0].Start : null;

    /// <summary>End of the last segment, capped at the clip's length (trailing silence trimmed); null without speech.</summary>
    public TimeSpan? SpokenEnd => HasSpeech ? (Segments[^1].End < Duration ? Segments[^1].End : Duration) : null;

    /// <summary>From the first speech to the end of the last (pauses included); zero without speech.</summary>
    public TimeSpan SpokenDuration => HasSpeech ? SpokenEnd!.Value - SpokenStart!.Value : TimeSpan.Zero;

    /// <summary>Pauses between segments.</summary>
    public PauseStatistics Pauses { get; }

    /// <summary>Time of window <paramref name="index"/>'s start.</summary>
    public TimeSpan WindowStart(int index) => TimeSpan.FromSeconds(index * (double)WindowSamples / AudioClip.SampleRate);
}
