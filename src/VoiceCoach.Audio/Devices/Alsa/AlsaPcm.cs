using System.Globalization;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.Alsa;

/// <summary>
/// One open ALSA PCM, configured for interleaved access. Owns the native handle and closes it on
/// dispose. Used by one thread at a time (the capture or playback loop).
/// </summary>
internal sealed class AlsaPcm : IDisposable
{
    private nint _handle;

    private AlsaPcm(string device, nint handle, bool capture)
    {
        Device = device;
        _handle = handle;
        IsCapture = capture;
    }

    public string Device { get; }

    public bool IsCapture { get; }

    public int Format { get; private set; }

    public int SampleRate { get; private set; }

    public int Channels { get; private set; }

    public int PeriodFrames { get; private set; }

    public nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(AlsaPcm));

    /// <summary>Bytes per sample of <see cref="Format"/>.</summary>
    public int BytesPerSample => Format == AlsaNative.FormatS16Le ? 2 : 4;

    /// <summary>Opens and configures a PCM. Rate and channels are the device's nearest to those asked for.</summary>
    public static AlsaPcm Open(string device, bool capture, int rate, int channels, TimeSpan period, bool nonBlocking)
    {
        var mode = AlsaNative.ModeNoAutoResample | (nonBlocking ? AlsaNative.ModeNonBlock : 0);
        int error;
        nint handle;
        try
        {
            AlsaNative.Quiet();
            error = AlsaNative.snd_pcm_open(out handle, device, capture ? AlsaNative.StreamCapture : AlsaNative.StreamPlayback, mode);
        }
        catch (DllNotFoundException e)
        {
            throw new AudioDeviceException(device, "libasound.so.2 is not installed", "install ALSA (apt-get install libasound2) or use --audio-backend process", e);
        }

        if (error < 0)
        {
            throw new AudioDeviceException(device, $"cannot open for {(capture ? "capture" : "playback")} ({AlsaNative.ErrorText(error)})", "`voicecoach devices` lists the devices");
        }

        var pcm = new AlsaPcm(device, handle, capture);
        try
        {
            pcm.Configure(rate, channels, period);
            return pcm;
        }
        catch
        {
            pcm.Dispose();
            throw;
        }
    }

    private void Configure(int rate, int channels, TimeSpan period)
    {
        Check(AlsaNative.snd_pcm_hw_params_malloc(out var hw), "hw_params_malloc");
        try
        {
            Check(AlsaNative.snd_pcm_hw_params_any(_handle, hw), "no configurations available");
            Check(AlsaNative.snd_pcm_hw_params_set_access(_handle, hw, AlsaNative.AccessRwInterleaved), "interleaved access not supported");
            Format = 0;
            foreach (var format in (int[])[AlsaNative.FormatS16Le, AlsaNative.FormatS32Le, AlsaNative.FormatFloatLe])
            {
                if (AlsaNative.snd_pcm_hw_params_test_format(_handle, hw, format) == 0)
                {
                    Format = format;
                    break;
                }
            }

            if (Format == 0)
            {
                throw new AudioDeviceException(Device, "offers none of S16_LE, S32_LE, FLOAT_LE", "choose another device (`voicecoach devices`)");
            }

            Check(AlsaNative.snd_pcm_hw_params_set_format(_handle, hw, Format), "set format");
            var ch = (uint)channels;
            Check(AlsaNative.snd_pcm_hw_params_set_channels_near(_handle, hw, ref ch), "set channels");
            var r = (uint)rate;
            var dir = 0;
            Check(AlsaNative.snd_pcm_hw_params_set_rate_near(_handle, hw, ref r, ref dir), "set rate");
            var periodFrames = (nuint)Math.Max(32, (int)(r * period.TotalSeconds));
            dir = 0;
            Check(AlsaNative.snd_pcm_hw_params_set_period_size_near(_handle, hw, ref periodFrames, ref dir), "set period size");
            var bufferFrames = periodFrames * 8;
            Check(AlsaNative.snd_pcm_hw_params_set_buffer_size_near(_handle, hw, ref bufferFrames), "set buffer size");
            Check(AlsaNative.snd_pcm_hw_params(_handle, hw), "apply hardware parameters");
            SampleRate = (int)r;
            Channels = (int)ch;
            PeriodFrames = (int)periodFrames;
            if (SampleRate is < 1000 or > 1_000_000 || Channels is < 1 or > 64)
            {
                throw new AudioDeviceException(Device, string.Create(CultureInfo.InvariantCulture, $"unusable configuration {SampleRate} Hz × {Channels} channels"), "choose another device (`voicecoach devices`)");
            }
        }
        finally
        {
            AlsaNative.snd_pcm_hw_params_free(hw);
        }
    }

    /// <summary>Throws an <see cref="AudioDeviceException"/> for a negative ALSA result.</summary>
    public void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new AudioDeviceException(Device, $"{what} ({AlsaNative.ErrorText(result)})", "choose another device (`voicecoach devices`)");
        }
    }

    /// <summary>Converts interleaved device samples to float.</summary>
    public void ToFloat(ReadOnlySpan<byte> data, Span<float> destination)
    {
        switch (Format)
        {
            case AlsaNative.FormatS16Le:
                var s16 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(data);
                for (var i = 0; i < s16.Length; i++)
                {
                    destination[i] = s16[i] / 32768f;
                }

                break;
            case AlsaNative.FormatS32Le:
                var s32 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data);
                for (var i = 0; i < s32.Length; i++)
                {
                    destination[i] = s32[i] / 2147483648f;
                }

                break;
            default:
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).CopyTo(destination);
                break;
        }
    }

    /// <summary>Converts float to interleaved device samples.</summary>
    public void FromFloat(ReadOnlySpan<float> samples, Span<byte> destination)
    {
        switch (Format)
        {
            case AlsaNative.FormatS16Le:
                var s16 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(destination);
                for (var i = 0; i < samples.Length; i++)
                {
                    s16[i] = (short)MathF.Round(Math.Clamp(samples[i], -1f, 1f) * 32767f);
                }

                break;
            case AlsaNative.FormatS32Le:
                var s32 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(destination);
                for (var i = 0; i < samples.Length; i++)
                {
                    s32[i] = (int)Math.Round(Math.Clamp(samples[i], -1f, 1f) * 2147483647.0);
                }

                break;
            default:
                samples.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(destination));
                break;
        }
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            _ = AlsaNative.snd_pcm_close(handle);
        }
    }
}
