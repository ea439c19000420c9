using NAudio.Wave;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// A Windows loudspeaker through NAudio (WASAPI, then WinMM): the clip is played as 16 kHz mono 16-bit PCM, which both
/// APIs accept (WASAPI converts to the mixer's format), and the task completes when NAudio reports playback stopped.
/// Cancelling stops the device at once. Each call opens and releases its own device.
/// </summary>
public sealed class NAudioAudioSink : IAudioSink
{
    private const string Fix = "`voicecoach devices` lists outputs; or answer with --no-speak";
    private readonly IReadOnlyList<IWindowsAudioApi> _apis;
    private readonly string? _device;

    /// <summary>A sink for <paramref name="device"/> (null: the default output) over <paramref name="apis"/>, tried in order.</summary>
    public NAudioAudioSink(IReadOnlyList<IWindowsAudioApi> apis, string? device)
    {
        ArgumentNullException.ThrowIfNull(apis);
        _apis = apis;
        _device = device;
        Name = device ?? "default";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The wave format handed to the device: 16 kHz mono 16-bit PCM.</summary>
    public static WaveFormat PlaybackFormat { get; } = new(AudioClip.SampleRate, 16, 1);

    /// <inheritdoc/>
    public async Task PlayAsync(AudioClip clip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        cancellationToken.ThrowIfCancellationRequested();
        var pcm = new byte[clip.Samples.Length * 2];
        WavWriter.ToPcm16(clip.Samples, pcm);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var source = new RawSourceWaveStream(pcm, 0, pcm.Length, PlaybackFormat);
        var (player, _) = ApiFallback.Open(_apis, _device, "playback", Fix, (api, id) =>
        {
            source.Position = 0;
            var opened = api.OpenPlayback(id);
            try
            {
                opened.PlaybackStopped += (_, e) =>
                {
                    if (e.Exception is { } error)
                    {
                        done.TrySetException(new AudioDeviceException(Name, $"stopped playing ({error.Message.TrimEnd('.')})", "is the output still plugged in? " + Fix, error));
                    }
                    else
                    {
                        done.TrySetResult();
                    }
                };
                opened.Init(source);
                opened.Play();
                return opened;
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        });
        using (player)
        {
            await using (cancellationToken.Register(player.Stop))
            {
                await done.Task.ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
