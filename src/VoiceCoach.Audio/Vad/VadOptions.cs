namespace VoiceCoach.Audio.Vad;

/// <summary>
/// How speech probabilities become speech segments. The defaults are whisper.cpp's
/// (<c>whisper_vad_default_params</c>): threshold 0.5, minimum speech 250 ms, minimum silence 100 ms,
/// no maximum speech duration, 30 ms of padding, 0.1 s of overlap.
/// </summary>
public sealed record VadOptions
{
    /// <summary>The whisper.cpp defaults.</summary>
    public static VadOptions Default { get; } = new();

    /// <summary>A window at or above this probability is speech. Default 0.5. Speech ends below
    /// <see cref="NegativeThreshold"/> (threshold − 0.15, at least 0.01).</summary>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>Speech shorter than this is dropped. Default 250 ms.</summary>
    public TimeSpan MinSpeechDuration { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Silence must last this long to end a segment. Default 100 ms.</summary>
    public TimeSpan MinSilenceDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longer speech is split (at a silence of more than 98 ms if there was one). Default: unlimited
    /// (<see cref="TimeSpan.MaxValue"/>, whisper.cpp's FLT_MAX).</summary>
    public TimeSpan MaxSpeechDuration { get; init; } = TimeSpan.MaxValue;

    /// <summary>Added to both ends of each segment (split evenly when two segments are closer). Default 30 ms.</summary>
    public TimeSpan SpeechPad { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>
    /// Overlap whisper.cpp keeps between segments when it stitches them for transcription. Default 0.1 s.
    /// Not used to find segments; carried so a transcriber that cuts audio by segment can honour it.
    /// </summary>
    public TimeSpan SamplesOverlap { get; init; } = TimeSpan.FromSeconds(0.1);

    /// <summary>The lower threshold that ends speech: <see cref="Threshold"/> − 0.15, at least 0.01.</summary>
    public float NegativeThreshold => Math.Max(Threshold - 0.15f, 0.01f);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public VadOptions Validate()
    {
        if (float.IsNaN(Threshold) || Threshold is <= 0f or >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "VAD threshold must be between 0 and 1 (exclusive).");
        }

        RequireNonNegative(MinSpeechDuration, nameof(MinSpeechDuration));
        RequireNonNegative(MinSilenceDuration, nameof(MinSilenceDuration));
        RequireNonNegative(SpeechPad, nameof(SpeechPad));
        RequireNonNegative(SamplesOverlap, nameof(SamplesOverlap));
        if (MaxSpeechDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSpeechDuration), MaxSpeechDuration, "Maximum speech duration must be positive (TimeSpan.MaxValue for no limit).");
        }

        return this;
    }

    private static void RequireNonNegative(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero || value > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1 hour.");
        }
    }
}
