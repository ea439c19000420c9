using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading.Channels;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.WinMM;

/// <summary>
/// A WinMM capture device (waveIn). Eight 20 ms buffers circulate between the driver and a
/// dedicated thread woken by the driver's event; the wave mapper delivers 16 kHz mono 16-bit.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WinMMAudioSource : IAudioSource
{
    private const int BufferCount = 8;
    private readonly uint _deviceId;
    private readonly int _frameSamples;
    private long _levelBits;

    /// <summary>Creates a source; <paramref name="deviceId"/> null is the wave mapper (default input).</summary>
    public WinMMAudioSource(uint? deviceId, CaptureOptions? options = null)
    {
        _deviceId = deviceId ?? WinMMNative.WaveMapper;
        _frameSamples = Math.Max(16, (int)((options ?? CaptureOptions.Default).FrameDuration.TotalSeconds * AudioClip.SampleRate));
        Name = deviceId is null ? "default" : deviceId.Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public AudioLevel Level
    {
        get
        {
            var bits = Interlocked.Read(ref _levelBits);
            return new AudioLevel(BitConverter.Int32BitsToSingle((int)(bits >> 32)), BitConverter.Int32BitsToSingle((int)bits));
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AudioFrame> CaptureAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var frames = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(500) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loop = Task.Factory.StartNew(() => CaptureLoop(frames.Writer, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await foreach (var frame in frames.Reader.ReadAllAsync(cancellationToken))
            {
                yield return frame;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
                // Expected when the consumer stops.
            }
        }
    }

    private unsafe void CaptureLoop(ChannelWriter<AudioFrame> writer, CancellationToken token)
    {
        Exception? failure = null;
        using var ready = new AutoResetEvent(false);
        var headerSize = (uint)sizeof(WinMMNative.WaveHeader);
        var headers = (WinMMNative.WaveHeader*)NativeMemory.AllocZeroed((nuint)BufferCount, headerSize);
        var data = (byte*)NativeMemory.AllocZeroed((nuint)(BufferCount * _frameSamples * 2));
        nint handle = 0;
        try
        {
            var format = WinMMNative.Pcm16Mono();
            Check(WinMMNative.waveInOpen(out handle, _deviceId, &format, ready.SafeWaitHandle.DangerousGetHandle(), 0, WinMMNative.CallbackEvent), "cannot open for capture");
            for (var i = 0; i < BufferCount; i++)
            {
                headers[i].Data = (nint)(data + (i * _frameSamples * 2));
                headers[i].BufferLength = (uint)(_frameSamples * 2);
                Check(WinMMNative.waveInPrepareHeader(handle, &headers[i], headerSize), "prepare buffer");
                Check(WinMMNative.waveInAddBuffer(handle, &headers[i], headerSize), "queue buffer");
            }

            Check(WinMMNative.waveInStart(handle), "start capture");
            long emitted = 0;
            var next = 0;
            while (!token.IsCancellationRequested)
            {
                if ((headers[next].Flags & WinMMNative.HeaderDone) == 0)
                {
                    ready.WaitOne(100);
                    continue;
                }

                var count = (int)(headers[next].BytesRecorded / 2);
                var samples = new float[count];
                var pcm = new ReadOnlySpan<short>((void*)headers[next].Data, count);
                for (var i = 0; i < count; i++)
                {
                    samples[i] = pcm[i] / 32768f;
                }

                headers[next].Flags &= ~WinMMNative.HeaderDone;
                Check(WinMMNative.waveInAddBuffer(handle, &headers[next], headerSize), "queue buffer");
                next = (next + 1) % BufferCount;
                if (count == 0)
                {
                    continue;
                }

                var frame = new AudioFrame(samples, TimeSpan.FromSeconds(emitted / (double)AudioClip.SampleRate));
                emitted += count;
                Interlocked.Exchange(ref _levelBits, ((long)BitConverter.SingleToInt32Bits(frame.Level.Rms) << 32) | (uint)BitConverter.SingleToInt32Bits(frame.Level.Peak));
                while (!writer.TryWrite(frame))
                {
                    if (!writer.WaitToWriteAsync(token).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (AudioDeviceException e)
        {
            failure = e;
        }
        finally
        {
            if (handle != 0)
            {
                _ = WinMMNative.waveInReset(handle);
                for (var i = 0; i < BufferCount; i++)
                {
                    _ = WinMMNative.waveInUnprepareHeader(handle, &headers[i], headerSize);
                }

                _ = WinMMNative.waveInClose(handle);
            }

            NativeMemory.Free(headers);
            NativeMemory.Free(data);
            writer.TryComplete(failure);
        }
    }

    private void Check(uint result, string what)
    {
        if (result != 0)
        {
            throw new AudioDeviceException(Name, string.Create(CultureInfo.InvariantCulture, $"{what} (MMRESULT {result})"), "`voicecoach devices` lists inputs; check the Windows microphone privacy setting");
        }
    }
}
