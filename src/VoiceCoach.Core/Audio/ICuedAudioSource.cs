namespace VoiceCoach.Core.Audio;

/// <summary>
/// A source that plays prepared answers instead of listening (practice <c>--from DIR</c>): it stays quiet until
/// told which answer to play, then delivers that recording as a microphone would, followed by silence.
/// </summary>
public interface ICuedAudioSource : IAudioSource
{
    /// <summary>Starts delivering the recording named <paramref name="key"/> (a file path) from its beginning.</summary>
    void Cue(string key);

    /// <summary>True once the cued recording and its trailing silence have all been delivered.</summary>
    bool CueFinished { get; }
}
