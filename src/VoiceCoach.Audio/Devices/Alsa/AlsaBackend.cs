using System.Runtime.InteropServices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.Alsa;

/// <summary>ALSA through libasound.so.2: device listing from snd_device_name_hint, capture and playback by PCM name.</summary>
public sealed class AlsaBackend : AudioBackend
{
    /// <summary>The PCM used when none is named.</summary>
    public const string DefaultDevice = "default";

    /// <inheritdoc/>
    public override string Name => "alsa";

    /// <summary>True when libasound.so.2 can be loaded.</summary>
    public static bool IsAvailable()
    {
        if (!NativeLibrary.TryLoad(AlsaNative.Library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<AudioDeviceInfo> ListDevices()
    {
        int result;
        nint hints;
        try
        {
            AlsaNative.Quiet();
            result = AlsaNative.snd_device_name_hint(-1, "pcm", out hints);
        }
        catch (DllNotFoundException e)
        {
            throw new AudioDeviceException("alsa", "libasound.so.2 is not installed", "install ALSA (apt-get install libasound2) or use --audio-backend process", e);
        }

        if (result < 0)
        {
            throw new AudioDeviceException("alsa", $"cannot list devices ({AlsaNative.ErrorText(result)})", "check the ALSA configuration (aplay -L)");
        }

        var devices = new List<AudioDeviceInfo>();
        try
        {
            for (var i = 0; ; i++)
            {
                var hint = Marshal.ReadIntPtr(hints, i * IntPtr.Size);
                if (hint == 0)
                {
                    break;
                }

                var name = Take(AlsaNative.snd_device_name_get_hint(hint, "NAME"));
                if (string.IsNullOrEmpty(name) || name == "null")
                {
                    continue;
                }

                var description = (Take(AlsaNative.snd_device_name_get_hint(hint, "DESC")) ?? "").ReplaceLineEndings(" ").Trim();
                var direction = Take(AlsaNative.snd_device_name_get_hint(hint, "IOID"));
                devices.Add(new AudioDeviceInfo(
                    name,
                    description,
                    name == DefaultDevice,
                    direction is null or "Input",
                    direction is null or "Output"));
            }
        }
        finally
        {
            _ = AlsaNative.snd_device_name_free_hint(hints);
        }

        if (!devices.Exists(d => d.IsDefault))
        {
            // Configurations without a hint for "default" (common without PulseAudio/PipeWire)
            // still have the device: list it so there is always something to choose.
            devices.Insert(0, new AudioDeviceInfo(DefaultDevice, "the ALSA default device", true, true, true));
        }

        return devices;
    }

    /// <inheritdoc/>
    public override IAudioSource CreateSource(string? device = null, CaptureOptions? options = null) =>
        new AlsaAudioSource(device ?? DefaultDevice, options);

    /// <inheritdoc/>
    public override IAudioSink CreateSink(string? device = null) => new AlsaAudioSink(device ?? DefaultDevice);

    private static string? Take(nint text)
    {
        if (text == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(text);
        }
        finally
        {
            AlsaNative.Free(text);
        }
    }
}
