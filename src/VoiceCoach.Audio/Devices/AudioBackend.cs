using VoiceCoach.Audio.Devices.Alsa;
using VoiceCoach.Audio.Devices.Processes;
using VoiceCoach.Audio.Devices.WinMM;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices;

/// <summary>Which capture/playback implementation to use.</summary>
public enum AudioBackendKind
{
    /// <summary>ALSA on Linux, WinMM on Windows, a recorder process elsewhere (the default).</summary>
    Auto = 0,

    /// <summary>ALSA through libasound.so.2 (Linux).</summary>
    Alsa,

    /// <summary>WinMM waveIn/waveOut (Windows).</summary>
    WinMM,

    /// <summary>An external recorder/player process: sox, arecord/aplay, parecord/paplay, ffmpeg.</summary>
    Process,
}

/// <summary>
/// A family of audio devices: lists them and opens sources and sinks. Stateless and cheap;
/// the sources and sinks it creates own their device while capturing or playing.
/// </summary>
public abstract class AudioBackend
{
    /// <summary>"alsa", "winmm" or "process (…)".</summary>
    public abstract string Name { get; }

    /// <summary>Creates the backend for <paramref name="kind"/>; <see cref="AudioBackendKind.Auto"/> picks by operating system.</summary>
    /// <exception cref="AudioDeviceException">The requested backend cannot work on this system.</exception>
    public static AudioBackend Create(AudioBackendKind kind = AudioBackendKind.Auto)
    {
        switch (kind)
        {
            case AudioBackendKind.Alsa:
                return new AlsaBackend();
            case AudioBackendKind.WinMM:
                if (!OperatingSystem.IsWindows())
                {
                    throw new AudioDeviceException("winmm", "WinMM exists only on Windows", "use --audio-backend alsa or process");
                }

                return new WinMMBackend();
            case AudioBackendKind.Process:
                return new ProcessBackend();
            default:
                if (OperatingSystem.IsWindows())
                {
                    return new WinMMBackend();
                }

                return OperatingSystem.IsLinux() && AlsaBackend.IsAvailable() ? new AlsaBackend() : new ProcessBackend();
        }
    }

    /// <summary>Lists the devices this backend can open.</summary>
    public abstract IReadOnlyList<AudioDeviceInfo> ListDevices();

    /// <summary>A microphone; <paramref name="device"/> null means the default input. Nothing is opened until capture starts.</summary>
    public abstract IAudioSource CreateSource(string? device = null, CaptureOptions? options = null);

    /// <summary>A loudspeaker; <paramref name="device"/> null means the default output. Nothing is opened until playback starts.</summary>
    public abstract IAudioSink CreateSink(string? device = null);
}
