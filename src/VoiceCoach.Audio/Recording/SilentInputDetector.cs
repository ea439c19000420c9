using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Recording;

/// <summary>
/// Notices a microphone that delivers nothing but (near) silence — muted, unplugged, or the wrong
/// device — so the user hears about it within seconds instead of after a whole answer.
/// Feed it every frame; it reports once per silent stretch. Not thread-safe.
/// </summary>
public sealed class SilentInputDetector
{
    /// <summary>Peak level below which a frame counts as no input (-60 dBFS: below any real room noise through a live microphone).</summary>
    public const float DefaultThreshold = 0.001f;

    private readonly float _threshold;
    private readonly TimeSpan _window;
    private TimeSpan _silentSince;
    private bool _reported;

    /// <summary>Creates a detector.</summary>
    /// <param name="window">How long the input must stay silent; default 3 s.</param>
    /// <param name="threshold">Peak level counted as silence; default <see cref="DefaultThreshold"/>.</param>
    public SilentInputDetector(TimeSpan? window = null, float threshold = DefaultThreshold)
    {
        _window = window ?? TimeSpan.FromSeconds(3);
        _threshold = threshold;
    }

    /// <summary>The one-line message to show when the input is silent.</summary>
    public string Message => $"no input for {_window.TotalSeconds:0.#} s: is the microphone muted? `voicecoach devices` lists inputs";

    /// <summary>True while the current silent stretch has lasted the whole window.</summary>
    public bool IsSilent { get; private set; }

    /// <summary>Observes a frame; returns true exactly when a silent stretch first reaches the window.</summary>
    public bool Observe(AudioFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Level.Peak >= _threshold)
        {
            _silentSince = frame.Timestamp + frame.Duration;
            IsSilent = false;
            _reported = false;
            return false;
        }

        IsSilent = frame.Timestamp + frame.Duration - _silentSince >= _window;
        if (IsSilent && !_reported)
        {
            _reported = true;
            return true;
        }

        return false;
    }
}
