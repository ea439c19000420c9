using VoiceCoach.Audio.Conversion;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.Alsa;

/// <summary>
/// An ALSA playback device. Opens the device per clip at its native rate nearest 16 kHz, converts
/// with <see cref="Resampler"/> when that differs, copies mono to every channel, and writes from a
/// dedicated thread; cancelling drops what is queued.
/// </summary>
public sealed class AlsaAudioSink : IAudioSink
{
    /// <summary>Creates a sink for an ALSA PCM name.</summary>
    public AlsaAudioSink(string device)
    {
        Name = device;
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
        using var pcm = AlsaPcm.Open(Name, capture: false, AudioClip.SampleRate, 1, TimeSpan.FromMilliseconds(20), nonBlocking: false);
        var samples = clip.Samples;
        if (pcm.SampleRate != AudioClip.SampleRate)
        {
            samples = Resampler.Resample(samples, AudioClip.SampleRate, pcm.SampleRate);
        }

        var period = pcm.PeriodFrames;
        var interleaved = new float[period * pcm.Channels];
        var raw = new byte[interleaved.Length * pcm.BytesPerSample];
        var at = 0;
        while (at < samples.Length)
        {
            token.ThrowIfCancellationRequested();
            var frames = Math.Min(period, samples.Length - at);
            for (var f = 0; f < frames; f++)
            {
                interleaved.AsSpan(f * pcm.Channels, pcm.Channels).Fill(samples[at + f]);
            }

            pcm.FromFloat(interleaved.AsSpan(0, frames * pcm.Channels), raw);
            var offset = 0;
            while (offset < frames)
            {
                nint written;
                fixed (byte* p = &raw[offset * pcm.Channels * pcm.BytesPerSample])
                {
                    written = AlsaNative.snd_pcm_writei(pcm.Handle, p, (nuint)(frames - offset));
                }

                if (written < 0)
                {
                    pcm.Check(AlsaNative.snd_pcm_recover(pcm.Handle, (int)written, 1), "playback failed");
                    continue;
                }

                offset += (int)written;
            }

            at += frames;
        }

        if (token.IsCancellationRequested)
        {
            _ = AlsaNative.snd_pcm_drop(pcm.Handle);
            token.ThrowIfCancellationRequested();
        }

        _ = AlsaNative.snd_pcm_drain(pcm.Handle);
    }
}
