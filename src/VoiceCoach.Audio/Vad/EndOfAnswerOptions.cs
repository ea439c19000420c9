namespace VoiceCoach.Audio.Vad;

/// <summary>
/// When <see cref="EndOfAnswerDetector"/> decides a spoken answer is over. Defaults: 1.5 s of trailing silence after
/// at least 250 ms of speech, threshold 0.5 (speech ends below 0.35, as in <see cref="VadOptions"/>).
/// </summary>
public sealed record EndOfAnswerOptions
{
    /// <summary>The defaults.</summary>
    public static EndOfAnswerOptions Default { get; } = new();

    /// <summary>Silence after speech that ends the answer. Default 1.5 s; thinking pauses inside an answer are
    /// usually shorter, and a candidate who pauses longer is asked to go on by the interviewer anyway.</summary>
    public TimeSpan TrailingSilence { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Speech (summed over the answer) needed before silence can end it, so a cough or a click does not;
    /// also the shortest burst that interrupts a trailing silence. Default 250 ms (whisper.cpp's minimum speech
    /// duration).</summary>
    public TimeSpan MinSpeechDuration { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A window at or above this probability is speech. Default 0.5.</summary>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>Speech turns to silence below this: <see cref="Threshold"/> − 0.15, at least 0.01.</summary>
    public float NegativeThreshold => Math.Max(Threshold - 0.15f, 0.01f);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public EndOfAnswerOptions Validate()
    {
        if (float.IsNaN(Threshold) || Threshold is <= 0f or >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Threshold must be between 0 and 1 (exclusive).");
        }

        if (TrailingSilence <= TimeSpan.Zero || TrailingSilence > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(TrailingSilence), TrailingSilence, "Trailing silence must be between 0 and 10 minutes.");
        }

        if (MinSpeechDuration < TimeSpan.Zero || MinSpeechDuration > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(MinSpeechDuration), MinSpeechDuration, "Minimum speech must be between 0 and 10 minutes.");
        }

        return this;
    }
}
