using NAudio.Wave;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Audio.Windows;

namespace VoiceCoach.Tests.Audio.Windows;

/// <summary>A Windows audio API that hands out the devices a test gives it (or throws) and records what was asked.</summary>
internal sealed class FakeWindowsAudioApi(string name) : IWindowsAudioApi
{
    public string Name { get; } = name;

    public Func<string?, IWaveIn> Capture { get; init; } = _ => throw new InvalidOperationException("no capture device in this test");

    public Func<string?, IWavePlayer> Playback { get; init; } = _ => throw new InvalidOperationException("no playback device in this test");

    public IReadOnlyList<AudioDeviceInfo> Devices { get; init; } = [];

    public List<string?> Opened { get; } = [];

    public IReadOnlyList<AudioDeviceInfo> ListDevices() => Devices;

    public IWaveIn OpenCapture(string? device, TimeSpan buffer)
    {
        Opened.Add(device);
        return Capture(device);
    }

    public IWavePlayer OpenPlayback(string? device)
    {
        Opened.Add(device);
        return Playback(device);
    }
}
