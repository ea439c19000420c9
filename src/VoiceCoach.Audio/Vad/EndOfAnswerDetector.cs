using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// Decides when a spoken answer is over from the stream of per-window speech probabilities of a
/// <see cref="VadSession"/>: once at least <see cref="EndOfAnswerOptions.MinSpeechDuration"/> of speech has been
/// heard, <see cref="EndOfAnswerOptions.TrailingSilence"/> of uninterrupted silence ends it. Speech and silence use
/// the same hysteresis as the segmenter (speech from the threshold up, silence below threshold − 0.15).
/// A burst of speech inside the silence shorter than the minimum speech duration (a breath, a click, a chair) does
/// not restart the silence, as the segmenter drops such bursts too. Leading silence never ends an answer. Not thread-safe: feed it from the thread that feeds the session.
/// </summary>
public sealed class EndOfAnswerDetector
{
    private readonly EndOfAnswerOptions _options;
    private readonly int _windowSamples;
    private readonly long _minSpeechWindows;
    private readonly long _silenceWindows;
    private bool _inSpeech;
    private long _speechWindows;
    private long _silenceStart = -1;
    private long _burstStart = -1;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">Null for <see cref="EndOfAnswerOptions.Default"/>.</param>
    /// <param name="windowSamples">Samples per probability window (512, as <see cref="VadSession.WindowSamples"/>).</param>
    public EndOfAnswerDetector(EndOfAnswerOptions? options = null, int windowSamples = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSamples);
        _options = (options ?? EndOfAnswerOptions.Default).Validate();
        _windowSamples = windowSamples;
        _minSpeechWindows = WindowsFor(_options.MinSpeechDuration);
        _silenceWindows = Math.Max(1, WindowsFor(_options.TrailingSilence));
    }

    /// <summary>Windows observed so far.</summary>
    public long WindowsObserved { get; private set; }

    /// <summary>Audio time observed so far (end of the last window).</summary>
    public TimeSpan Position => TimeOf(WindowsObserved);

    /// <summary>True once enough speech has been heard for silence to end the answer.</summary>
    public bool SpeechDetected => _speechWindows >= Math.Max(1, _minSpeechWindows);

    /// <summary>Speech heard so far (windows in the speech state).</summary>
    public TimeSpan SpeechDuration => TimeOf(_speechWindows);

    /// <summary>True once the answer has ended; stays true until <see cref="Reset"/>.</summary>
    public bool IsEnded => EndedAt is not null;

    /// <summary>Audio time at which the end was decided (end of the window that completed the silence).</summary>
    public TimeSpan? EndedAt { get; private set; }

    /// <summary>Audio time at which the last speech stopped (start of the silence that ended the answer, or of the
    /// current silence); null while speaking or before any speech.</summary>
    public TimeSpan? LastSpeechEnd => _silenceStart >= 0 ? TimeOf(_silenceStart) : null;

    /// <summary>Feeds one window's probability; returns <see cref="IsEnded"/>.</summary>
    public bool Observe(float probability)
    {
        var index = WindowsObserved++;
        if (IsEnded)
        {
            return true;
        }

        if (probability >= _options.Threshold)
        {
            _speechWindows++;
            if (!_inSpeech && _silenceStart >= 0)
            {
                // Speech inside a silence only resumes the answer once it lasts the minimum speech duration.
                if (_burstStart < 0)
                {
                    _burstStart = index;
                }
            }
            else
            {
                _inSpeech = true;
            }
        }
        else if (probability < _options.NegativeThreshold)
        {
            if (_inSpeech)
            {
                _inSpeech = false;
                _silenceStart = index;
            }

            _burstStart = -1;
        }
        else if (_inSpeech || _burstStart >= 0)
        {
            // Between the two thresholds: whatever was going on goes on (hysteresis).
            _speechWindows++;
        }

        if (_burstStart >= 0 && index - _burstStart + 1 >= Math.Max(1, _minSpeechWindows))
        {
            _inSpeech = true;
            _silenceStart = -1;
            _burstStart = -1;
        }

        if (!_inSpeech && _burstStart < 0 && _silenceStart >= 0 && SpeechDetected && WindowsObserved - _silenceStart >= _silenceWindows)
        {
            EndedAt = TimeOf(WindowsObserved);
        }

        return IsEnded;
    }

    /// <summary>Feeds several probabilities in order; returns <see cref="IsEnded"/>.</summary>
    public bool Observe(IEnumerable<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        foreach (var p in probabilities)
        {
            Observe(p);
        }

        return IsEnded;
    }

    /// <summary>Starts over for the next answer.</summary>
    public void Reset()
    {
        _inSpeech = false;
        _speechWindows = 0;
        _silenceStart = -1;
        _burstStart = -1;
        WindowsObserved = 0;
        EndedAt = null;
    }

    private long WindowsFor(TimeSpan t) => (long)Math.Ceiling(t.TotalSeconds * AudioClip.SampleRate / _windowSamples);

    private TimeSpan TimeOf(long windows) => TimeSpan.FromSeconds(windows * (double)_windowSamples / AudioClip.SampleRate);
}
