using VoiceCoach.Audio.Vad;

namespace VoiceCoach.Practice;

/// <summary>
/// How a practice session behaves. The grading numbers (length targets, the too-long point the interviewer cuts in
/// at) come from rubric.yaml; these are the session's pacing and the candidate's choices.
/// </summary>
public sealed record PracticeOptions
{
    /// <summary>Answers end after <see cref="ListeningOptions.TrailingSilence"/> once speech was heard; no key needed.</summary>
    public bool HandsFree { get; init; }

    /// <summary>How speech is told from silence (VAD thresholds, the silence that ends an answer, the wait for speech).</summary>
    public ListeningOptions Listening { get; init; } = new();

    /// <summary>Follow-up questions asked after a main answer when the bank has them. Default 1.</summary>
    public int FollowUps { get; init; } = 1;

    /// <summary>Countdown step before recording (3-2-1) when not hands-free; zero for none. Default 0.6 s.</summary>
    public TimeSpan CountdownStep { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Longest answer before recording stops by itself. Default 5 min.</summary>
    public TimeSpan MaxAnswer { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for the microphone's first audio before calling it dead. Default 3 s.</summary>
    public TimeSpan FirstAudioTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The interviewer cuts in at the rubric's too-long point (<c>RubricSettings.TooLongAfterSeconds</c>, counted on
    /// the time spoken), says <see cref="CutInLine"/> and ends the answer. Default on; off for recorded answers
    /// (<c>--from</c>), which are graded as they were recorded.
    /// </summary>
    public bool CutIn { get; init; } = true;

    /// <summary>What the interviewer says when cutting in.</summary>
    public string CutInLine { get; init; } = "Let me stop you there…";

    /// <summary>
    /// Someone can press keys or buttons (a terminal with a keyboard, the web page). Without one, a hands-free answer
    /// in which nobody spoke moves on at once instead of offering to repeat or skip. Default true.
    /// </summary>
    public bool Interactive { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the value that is out of range.</summary>
    public PracticeOptions Validate()
    {
        Listening.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(FollowUps);
        if (MaxAnswer <= TimeSpan.Zero || FirstAudioTimeout <= TimeSpan.Zero || CountdownStep < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAnswer), "MaxAnswer and FirstAudioTimeout must be positive, CountdownStep not negative.");
        }

        return this;
    }
}

/// <summary>
/// Every threshold the session uses to hear speech, in one place: the VAD's probability thresholds, the speech that
/// makes an answer, the silence that ends it (hands-free), and how long hands-free waits for speech to start.
/// </summary>
public sealed record ListeningOptions
{
    /// <summary>A 32 ms window at or above this speech probability is speech. Default 0.5 (whisper.cpp's).</summary>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>Speech turns back to silence below this: <see cref="Threshold"/> − 0.15, at least 0.01.</summary>
    public float NegativeThreshold => Math.Max(Threshold - 0.15f, 0.01f);

    /// <summary>Speech needed before silence can end an answer (a cough is not an answer). Default 250 ms.</summary>
    public TimeSpan MinSpeech { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Hands-free: silence after speech that ends the answer. Default 1.5 s.</summary>
    public TimeSpan TrailingSilence { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// Hands-free: how long to wait for the candidate to start speaking before saying so and offering to repeat or
    /// skip the question (or, without a keyboard or with recorded answers, moving on with no answer). Default 8 s.
    /// A practice option rather than a rubric number: it paces the conversation and changes no grade.
    /// </summary>
    public TimeSpan SpeechStartTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How the VAD's windows become speech segments (the answer's spoken span and pauses).</summary>
    public VadOptions Segments => VadOptions.Default with { Threshold = Threshold, MinSpeechDuration = MinSpeech };

    /// <summary>When a hands-free answer is over.</summary>
    public EndOfAnswerOptions EndOfAnswer => new() { Threshold = Threshold, MinSpeechDuration = MinSpeech, TrailingSilence = TrailingSilence };

    /// <summary>Whether a window is speech, with hysteresis: once speaking, speech lasts down to <see cref="NegativeThreshold"/>.</summary>
    public bool IsSpeech(float probability, bool wasSpeech) => probability >= Threshold || (wasSpeech && probability >= NegativeThreshold);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the value that is out of range.</summary>
    public ListeningOptions Validate()
    {
        EndOfAnswer.Validate();
        Segments.Validate();
        if (SpeechStartTimeout <= TimeSpan.Zero || SpeechStartTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(SpeechStartTimeout), SpeechStartTimeout, "The wait for speech to start must be between 0 and 10 minutes.");
        }

        return this;
    }
}
