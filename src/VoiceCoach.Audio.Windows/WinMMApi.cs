using System.Globalization;
using System.Runtime.Versioning;
using NAudio.Wave;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// WinMM (waveIn/waveOut) through NAudio.WinMM, the fallback where WASAPI fails: devices are numbered ("winmm:0"), the
/// default is the wave mapper, and capture asks the mapper for 16 kHz mono 16-bit so no conversion but the decode runs.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WinMMApi : IWindowsAudioApi
{
    private const int Mapper = -1;

    public string Name => "winmm";

    public IReadOnlyList<AudioDeviceInfo> ListDevices()
    {
        var list = new List<AudioDeviceInfo>();
        for (var i = 0; i < WaveIn.DeviceCount; i++)
        {
            list.Add(new AudioDeviceInfo(Id(i), $"{WaveIn.GetCapabilities(i).ProductName} (WinMM)", false, true, false));
        }

        for (var i = 0; i < WaveOut.DeviceCount; i++)
        {
            list.Add(new AudioDeviceInfo(Id(i), $"{WaveOut.GetCapabilities(i).ProductName} (WinMM)", false, false, true));
        }

        return list;
    }

    public IWaveIn OpenCapture(string? device, TimeSpan buffer) => new WaveIn
    {
        DeviceNumber = Number(device, WaveIn.DeviceCount, i => WaveIn.GetCapabilities(i).ProductName),
        WaveFormat = new WaveFormat(AudioClip.SampleRate, 16, 1),
        BufferMilliseconds = Math.Max(20, (int)buffer.TotalMilliseconds),
        NumberOfBuffers = 8,
    };

    public IWavePlayer OpenPlayback(string? device) => new WaveOut
    {
        DeviceNumber = Number(device, WaveOut.DeviceCount, i => WaveOut.GetCapabilities(i).ProductName),
    };

    private string Id(int number) => Name + ":" + number.ToString(CultureInfo.InvariantCulture);

    private static int Number(string? device, int count, Func<int, string> productName)
    {
        if (device is null)
        {
            return Mapper;
        }

        if (int.TryParse(device, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < count)
        {
            return number;
        }

        for (var i = 0; i < count; i++)
        {
            if (productName(i).Contains(device, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"no device numbered or named so (0 to {count - 1})");
    }
}
