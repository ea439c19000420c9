using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// A Windows microphone through NAudio: opened with the first API that works (WASAPI, then WinMM), its buffers converted
/// to 16 kHz mono frames (<see cref="CaptureConverter"/>) on NAudio's capture thread and handed over through a queue, so
/// that thread never waits for the consumer. A device that stops on its own (unplugged, taken exclusively, privacy
/// setting changed) ends the capture with an <see cref="AudioDeviceException"/>. One capture at a time.
/// </summary>
public sealed class NAudioAudioSource : IAudioSource
{
    private const string Fix = "`voicecoach devices` lists inputs; check the Windows microphone privacy setting";
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);
    private readonly IReadOnlyList<IWindowsAudioApi> _apis;
    private readonly string? _device;
    private readonly CaptureOptions _options;
    private long _levelBits;

    /// <summary>A source for <paramref name="device"/> (null: the default input) over <paramref name="apis"/>, tried in order.</summary>
    public NAudioAudioSource(IReadOnlyList<IWindowsAudioApi> apis, string? device, CaptureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(apis);
        _apis = apis;
        _device = device;
        _options = options ?? CaptureOptions.Default;
        Name = device ?? "default";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The API the last capture opened the device with ("wasapi", "winmm"), or null before the first.</summary>
    public string? OpenedWith { get; private set; }

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
        var frameSamples = Math.Max(16, (int)(_options.FrameDuration.TotalSeconds * AudioClip.SampleRate));
        var frames = Channel.CreateUnbounded<AudioFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = 0;
        var (waveIn, api) = ApiFallback.Open(_apis, _device, "capture", Fix, (a, id) =>
        {
            var opened = a.OpenCapture(id, _options.FrameDuration);
            try
            {
                // Everything is wired before the device starts, so the first buffer is not lost.
                var converter = new CaptureConverter(opened.WaveFormat, Name, frameSamples);
                var batch = new List<AudioFrame>();
                opened.DataAvailable += (_, e) =>
                {
                    batch.Clear();
                    converter.Push(e.BufferSpan[..e.BytesRecorded], batch);
                    foreach (var frame in batch)
                    {
                        Interlocked.Exchange(ref _levelBits, ((long)BitConverter.SingleToInt32Bits(frame.Level.Rms) << 32) | (uint)BitConverter.SingleToInt32Bits(frame.Level.Peak));
                        frames.Writer.TryWrite(frame);
                    }
                };
                opened.RecordingStopped += (_, e) =>
                {
                    // Asked to stop: the end. Stopped on its own, with or without an error: the device went away.
                    Exception? failure = Volatile.Read(ref stopping) == 1
                        ? null
                        : new AudioDeviceException(Name, $"stopped capturing ({e.Exception?.Message.TrimEnd('.') ?? "closed by the system"})", "is the microphone still plugged in? " + Fix, e.Exception ?? new InvalidOperationException("capture stopped"));
                    frames.Writer.TryComplete(failure);
                    stopped.TrySetResult();
                };
                opened.StartRecording();
                return opened;
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        });
        OpenedWith = api.Name;
        try
        {
            await foreach (var frame in frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }
        }
        finally
        {
            Interlocked.Exchange(ref stopping, 1);
            try
            {
                waveIn.StopRecording();
                await stopped.Task.WaitAsync(StopWait, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.Runtime.InteropServices.COMException)
            {
                // Already stopped, or the device vanished while stopping: disposing below releases it either way.
            }

            waveIn.Dispose();
        }
    }
}
