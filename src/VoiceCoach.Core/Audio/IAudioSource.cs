namespace VoiceCoach.Core.Audio;

/// <summary>
/// A microphone (or anything that behaves like one). <see cref="CaptureAsync"/> opens the device,
/// yields 16 kHz mono frames as they arrive, and closes the device when the enumeration ends or
/// is cancelled. One capture at a time per source.
/// </summary>
public interface IAudioSource
{
    /// <summary>The device, as the user would recognise it (e.g. "default" or "hw:1,0").</summary>
    string Name { get; }

    /// <summary>Level of the most recent frame, for a live meter; safe to read from any thread.</summary>
    AudioLevel Level { get; }

    /// <summary>Opens the device and streams frames until cancelled.</summary>
    /// <exception cref="AudioDeviceException">The device cannot be opened or fails while capturing.</exception>
    IAsyncEnumerable<AudioFrame> CaptureAsync(CancellationToken cancellationToken = default);
}
