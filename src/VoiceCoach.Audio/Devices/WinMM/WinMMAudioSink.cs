using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.WinMM;

/// <summary>A WinMM playback device (waveOut): the whole clip in one header, waited on through the driver's event.</summary>
[SupportedOSPlatform("windows")]
public sealed class WinMMAudioSink : IAudioSink
{
    private readonly uint _deviceId;

    /// <summary>Creates a sink; <paramref name="deviceId"/> null is the wave mapper (default output).</summary>
    public WinMMAudioSink(uint? deviceId)
    {
        _deviceId = deviceId ?? WinMMNative.WaveMapper;
        Name = deviceId is null ? "default" : deviceId.Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public Task PlayAsync(AudioClip clip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return Task.Factory.StartNew(() => Play(clip, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private unsafe void Play(AudioClip clip, CancellationToken token)
    {
        using var done = new AutoResetEvent(false);
        var headerSize = (uint)sizeof(WinMMNative.WaveHeader);
        var bytes = clip.Samples.Length * 2;
        var data = (byte*)NativeMemory.Alloc((nuint)Math.Max(2, bytes));
        var header = (WinMMNative.WaveHeader*)NativeMemory.AllocZeroed(1, headerSize);
        nint handle = 0;
        try
        {
            WavWriter.ToPcm16(clip.Samples, new Span<byte>(data, bytes));
            var format = WinMMNative.Pcm16Mono();
            Check(WinMMNative.waveOutOpen(out handle, _deviceId, &format, done.SafeWaitHandle.DangerousGetHandle(), 0, WinMMNative.CallbackEvent), "cannot open for playback");
            header->Data = (nint)data;
            header->BufferLength = (uint)bytes;
            Check(WinMMNative.waveOutPrepareHeader(handle, header, headerSize), "prepare buffer");
            Check(WinMMNative.waveOutWrite(handle, header, headerSize), "play");
            while ((header->Flags & WinMMNative.HeaderDone) == 0)
            {
                token.ThrowIfCancellationRequested();
                done.WaitOne(50);
            }
        }
        finally
        {
            if (handle != 0)
            {
                _ = WinMMNative.waveOutReset(handle);
                _ = WinMMNative.waveOutUnprepareHeader(handle, header, headerSize);
                _ = WinMMNative.waveOutClose(handle);
            }

            NativeMemory.Free(header);
            NativeMemory.Free(data);
        }
    }

    private void Check(uint result, string what)
    {
        if (result != 0)
        {
            throw new AudioDeviceException(Name, string.Create(CultureInfo.InvariantCulture, $"{what} (MMRESULT {result})"), "`voicecoach devices` lists outputs");
        }
    }
}
