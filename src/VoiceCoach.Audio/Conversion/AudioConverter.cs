using System.Buffers;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Conversion;

/// <summary>
/// Streams interleaved float audio at any rate and channel count into the product format,
/// 16 kHz mono float: channels are averaged, then <see cref="Resampler"/> converts the rate.
/// One instance per stream; not thread-safe.
/// </summary>
public sealed class AudioConverter
{
    private readonly Resampler _resampler;
    private float[] _mono = new float[4096];

    /// <summary>Creates a converter from <paramref name="inputRate"/> Hz, <paramref name="channels"/> channels.</summary>
    public AudioConverter(int inputRate, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        Channels = channels;
        _resampler = new Resampler(inputRate, AudioClip.SampleRate);
    }

    /// <summary>Input channel count.</summary>
    public int Channels { get; }

    /// <summary>Input rate in Hz.</summary>
    public int InputRate => _resampler.InputRate;

    /// <summary>Feeds whole interleaved frames; writes the 16 kHz mono samples now available.</summary>
    public void Process(ReadOnlySpan<float> interleaved, IBufferWriter<float> output)
    {
        if (interleaved.Length % Channels != 0)
        {
            throw new ArgumentException($"{interleaved.Length} samples is not a whole number of {Channels}-channel frames.", nameof(interleaved));
        }

        if (Channels == 1)
        {
            _resampler.Process(interleaved, output);
            return;
        }

        var frames = interleaved.Length / Channels;
        if (_mono.Length < frames)
        {
            _mono = new float[frames];
        }

        Downmix(interleaved, Channels, _mono.AsSpan(0, frames));
        _resampler.Process(_mono.AsSpan(0, frames), output);
    }

    /// <summary>Ends the stream and writes the remaining samples.</summary>
    public void Flush(IBufferWriter<float> output) => _resampler.Flush(output);

    /// <summary>Averages interleaved channels into mono; <paramref name="mono"/> holds one sample per frame.</summary>
    public static void Downmix(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        var frames = interleaved.Length / channels;
        if (mono.Length < frames)
        {
            throw new ArgumentException("The mono buffer is shorter than the number of frames.", nameof(mono));
        }

        if (channels == 1)
        {
            interleaved[..frames].CopyTo(mono);
            return;
        }

        var scale = 1f / channels;
        if (channels == 2)
        {
            for (var f = 0; f < frames; f++)
            {
                mono[f] = (interleaved[2 * f] + interleaved[(2 * f) + 1]) * scale;
            }

            return;
        }

        for (var f = 0; f < frames; f++)
        {
            var frame = interleaved.Slice(f * channels, channels);
            var sum = 0f;
            foreach (var s in frame)
            {
                sum += s;
            }

            mono[f] = sum * scale;
        }
    }
}
