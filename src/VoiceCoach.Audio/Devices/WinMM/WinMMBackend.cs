using System.Globalization;
using System.Runtime.Versioning;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.WinMM;

/// <summary>WinMM (waveIn/waveOut): devices are numbered; "default" or null is the wave mapper.</summary>
[SupportedOSPlatform("windows")]
public sealed class WinMMBackend : AudioBackend
{
    /// <inheritdoc/>
    public override string Name => "winmm";

    /// <inheritdoc/>
    public override unsafe IReadOnlyList<AudioDeviceInfo> ListDevices()
    {
        var devices = new List<AudioDeviceInfo> { new("default", "Windows default devices (wave mapper)", true, true, true) };
        var inputs = WinMMNative.waveInGetNumDevs();
        for (uint i = 0; i < inputs; i++)
        {
            WinMMNative.WaveInCaps caps;
            if (WinMMNative.waveInGetDevCaps(i, &caps, (uint)sizeof(WinMMNative.WaveInCaps)) == 0)
            {
                devices.Add(new AudioDeviceInfo(i.ToString(CultureInfo.InvariantCulture), new string(caps.Name).TrimEnd('\0'), false, true, false));
            }
        }

        var outputs = WinMMNative.waveOutGetNumDevs();
        for (uint i = 0; i < outputs; i++)
        {
            WinMMNative.WaveOutCaps caps;
            if (WinMMNative.waveOutGetDevCaps(i, &caps, (uint)sizeof(WinMMNative.WaveOutCaps)) == 0)
            {
                devices.Add(new AudioDeviceInfo("out:" + i.ToString(CultureInfo.InvariantCulture), new string(caps.Name).TrimEnd('\0'), false, false, true));
            }
        }

        return devices;
    }

    /// <inheritdoc/>
    public override IAudioSource CreateSource(string? device = null, CaptureOptions? options = null) =>
        new WinMMAudioSource(ParseId(device), options);

    /// <inheritdoc/>
    public override IAudioSink CreateSink(string? device = null) => new WinMMAudioSink(ParseId(device?.Replace("out:", "", StringComparison.Ordinal)));

    private static uint? ParseId(string? device)
    {
        if (device is null or "default")
        {
            return null;
        }

        return uint.TryParse(device, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new AudioDeviceException(device, "not a WinMM device number", "`voicecoach devices` lists the devices");
    }
}
