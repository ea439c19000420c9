namespace VoiceCoach.Core.Audio;

/// <summary>A loudspeaker: plays a clip and completes when it has been heard (or cancelled).</summary>
public interface IAudioSink
{
    /// <summary>The device, as the user would recognise it.</summary>
    string Name { get; }

    /// <summary>Plays a 16 kHz mono clip to the end; cancelling stops playback promptly.</summary>
    /// <exception cref="AudioDeviceException">The device cannot be opened or fails while playing.</exception>
    Task PlayAsync(AudioClip clip, CancellationToken cancellationToken = default);
}
