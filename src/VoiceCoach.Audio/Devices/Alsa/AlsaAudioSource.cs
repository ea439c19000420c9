using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VoiceCoach.Audio.Conversion;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.Alsa;

/// <summary>
/// An ALSA capture device. Capture runs on a dedicated thread (snd_pcm_readi in non-blocking mode
/// with snd_pcm_wait, so cancellation is noticed within 100 ms), at the device's native rate and
/// channel count, converted to 16 kHz mono by <see cref="AudioConverter"/>; frames reach the
/// consumer through a bounded channel (about 10 s deep).
/// </summary>
public sealed class AlsaAudioSource : IAudioSource
{
    private readonly CaptureOptions _options;
    private long _levelBits;

    /// <summary>Creates a source for an ALSA PCM name ("default", "hw:1,0", "plughw:…", a name from an asoundrc).</summary>
    public AlsaAudioSource(string device, CaptureOptions? options = null)
    {
        Name = device;
        _options = options ?? CaptureOptions.Default;
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

    /// <summary>The rate and channels the device was opened with, once capture has started (0 before).</summary>
    public (int SampleRate, int Channels) NativeFormat { get; private set; }

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

    private void CaptureLoop(ChannelWriter<AudioFrame> writer, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            using var pcm = AlsaPcm.Open(Name, capture: true, _options.SampleRate ?? AudioClip.SampleRate, _options.Channels ?? 1, _options.FrameDuration, nonBlocking: true);
            NativeFormat = (pcm.SampleRate, pcm.Channels);
            var converter = new AudioConverter(pcm.SampleRate, pcm.Channels);
            var raw = new byte[pcm.PeriodFrames * pcm.Channels * pcm.BytesPerSample];
            var samples = new float[pcm.PeriodFrames * pcm.Channels];
            var output = new ArrayBufferWriter<float>(4096);
            long emitted = 0;
            _ = AlsaNative.snd_pcm_start(pcm.Handle);
            while (!token.IsCancellationRequested)
            {
                var ready = AlsaNative.snd_pcm_wait(pcm.Handle, 100);
                if (ready < 0 && AlsaNative.snd_pcm_recover(pcm.Handle, ready, 1) < 0)
                {
                    pcm.Check(ready, "capture failed");
                }

                var got = ReadPeriod(pcm, raw);
                if (got <= 0)
                {
                    continue;
                }

                pcm.ToFloat(raw.AsSpan(0, got * pcm.Channels * pcm.BytesPerSample), samples);
                converter.Process(samples.AsSpan(0, got * pcm.Channels), output);
                if (output.WrittenCount == 0)
                {
                    continue;
                }

                var frame = new AudioFrame(output.WrittenSpan.ToArray(), TimeSpan.FromSeconds(emitted / (double)AudioClip.SampleRate));
                emitted += output.WrittenCount;
                output.ResetWrittenCount();
                PublishLevel(frame.Level);
                while (!writer.TryWrite(frame))
                {
                    // The consumer is behind: wait for room rather than drop audio.
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
        catch (Exception e) when (e is AudioDeviceException or DllNotFoundException or EntryPointNotFoundException)
        {
            failure = e is AudioDeviceException ? e : new AudioDeviceException(Name, "libasound.so.2 is not usable (" + e.Message + ")", "install ALSA (apt-get install libasound2) or use --audio-backend process", e);
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    private static unsafe int ReadPeriod(AlsaPcm pcm, byte[] raw)
    {
        nint got;
        fixed (byte* p = raw)
        {
            got = AlsaNative.snd_pcm_readi(pcm.Handle, p, (nuint)pcm.PeriodFrames);
        }

        if (got >= 0)
        {
            return (int)got;
        }

        if (got == AlsaNative.ErrorAgain)
        {
            return 0;
        }

        // Overrun (-EPIPE) or suspend: recover and carry on; anything else is fatal.
        var recovered = AlsaNative.snd_pcm_recover(pcm.Handle, (int)got, 1);
        pcm.Check(recovered, "capture failed");
        _ = AlsaNative.snd_pcm_start(pcm.Handle);
        return 0;
    }

    private void PublishLevel(AudioLevel level) =>
        Interlocked.Exchange(ref _levelBits, ((long)BitConverter.SingleToInt32Bits(level.Rms) << 32) | (uint)BitConverter.SingleToInt32Bits(level.Peak));
}
