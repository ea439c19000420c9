using VoiceCoach.Audio.Devices.Alsa;
using VoiceCoach.Audio.Devices.Processes;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices;

/// <summary>Which capture/playback implementation to use.</summary>
public enum AudioBackendKind
{
    /// <summary>ALSA on Linux, WASAPI with WinMM as the fallback on Windows, a recorder process elsewhere (the default).</summary>
    Auto = 0,

    /// <summary>ALSA through libasound.so.2 (Linux).</summary>
    Alsa,

    /// <summary>WinMM waveIn/waveOut through NAudio (Windows).</summary>
    WinMM,

    /// <summary>An external recorder/player process: sox, arecord/aplay, parecord/paplay, ffmpeg.</summary>
    Process,

    /// <summary>WASAPI through NAudio (Windows): shared-mode capture at the device's mix format, converted here.</summary>
    Wasapi,
}

/// <summary>
/// A family of audio devices: lists them and opens sources and sinks. Stateless and cheap;
/// the sources and sinks it creates own their device while capturing or playing.
/// </summary>
public abstract class AudioBackend
{
    /// <summary>"alsa", "wasapi, winmm", "winmm" or "process (…)".</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Creates the backend for <paramref name="kind"/>; <see cref="AudioBackendKind.Auto"/> picks by operating system.
    /// The Windows backends live in their own assembly (VoiceCoach.Audio.Windows, NAudio): <paramref name="windows"/>
    /// makes them, and is only called on Windows, so that assembly is never loaded elsewhere.
    /// </summary>
    /// <exception cref="AudioDeviceException">The requested backend cannot work on this system.</exception>
    public static AudioBackend Create(AudioBackendKind kind = AudioBackendKind.Auto, Func<AudioBackendKind, AudioBackend>? windows = null)
    {
        switch (kind)
        {
            case AudioBackendKind.Alsa:
                return new AlsaBackend();
            case AudioBackendKind.WinMM or AudioBackendKind.Wasapi:
                var name = kind.ToString().ToLowerInvariant();
                if (!OperatingSystem.IsWindows())
                {
                    throw new AudioDeviceException(name, $"{(kind == AudioBackendKind.WinMM ? "WinMM" : "WASAPI")} exists only on Windows", "use --audio-backend alsa or process");
                }

                return Windows(kind, windows);
            case AudioBackendKind.Process:
                return new ProcessBackend();
            default:
                if (OperatingSystem.IsWindows())
                {
                    return Windows(kind, windows);
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

    private static AudioBackend Windows(AudioBackendKind kind, Func<AudioBackendKind, AudioBackend>? windows) =>
        windows?.Invoke(kind)
        ?? throw new AudioDeviceException("windows audio", "this program was built without the Windows audio backend (VoiceCoach.Audio.Windows)", "use --audio-backend process");
}
