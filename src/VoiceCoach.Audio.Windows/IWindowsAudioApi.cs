using NAudio.Wave;
using VoiceCoach.Audio.Devices;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// One Windows audio API as NAudio exposes it (WASAPI, WinMM): its devices, and a capture or playback device opened by
/// id. The seam between NAudio's devices and the product's sources and sinks, so the fallback from one API to the next,
/// the format conversion and the device errors are tested with fakes of NAudio's own <see cref="IWaveIn"/> and
/// <see cref="IWavePlayer"/>.
/// </summary>
public interface IWindowsAudioApi
{
    /// <summary>"wasapi" or "winmm": also the prefix of this API's device ids ("wasapi:{id}", "winmm:0").</summary>
    string Name { get; }

    /// <summary>The devices this API can open, with prefixed ids.</summary>
    IReadOnlyList<AudioDeviceInfo> ListDevices();

    /// <summary>A capture device, not started; null is the default input. The caller disposes it.</summary>
    /// <param name="device">The id without this API's prefix, a name, or null.</param>
    /// <param name="buffer">Audio per delivered buffer (WinMM's buffer length; WASAPI chooses its own period).</param>
    /// <exception cref="Exception">Whatever the API raises when the device cannot be opened (COM errors, MMRESULTs).</exception>
    IWaveIn OpenCapture(string? device, TimeSpan buffer);

    /// <summary>A playback device, not initialised; null is the default output. The caller disposes it.</summary>
    /// <param name="device">The id without this API's prefix, a name, or null.</param>
    IWavePlayer OpenPlayback(string? device);
}
