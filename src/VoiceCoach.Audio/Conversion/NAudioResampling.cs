using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace VoiceCoach.Audio.Conversion;

/// <summary>
/// NAudio.Core's resampler (<see cref="WdlResamplingSampleProvider"/>, Cockos WDL's, as NAudio sets it up) over a whole
/// signal, for comparing it with <see cref="Resampler"/> (`voicecoach bench resample`). Not used to convert audio: ours
/// is flat to 7 kHz and rejects aliases by more than 100 dB, NAudio's is not (README, "Packages").
/// </summary>
public static class NAudioResampling
{
    /// <summary>Converts a mono signal from <paramref name="inputRate"/> to <paramref name="outputRate"/>.</summary>
    public static float[] Resample(float[] input, int inputRate, int outputRate)
    {
        ArgumentNullException.ThrowIfNull(input);
        var resampler = new WdlResamplingSampleProvider(new ArraySampleProvider(input, inputRate), outputRate);
        var output = new List<float>((int)Resampler.OutputLength(input.Length, inputRate, outputRate));
        var buffer = new float[8192];
        for (var n = resampler.Read(buffer); n > 0; n = resampler.Read(buffer))
        {
            output.AddRange(buffer.AsSpan(0, n));
        }

        return [.. output];
    }

    private sealed class ArraySampleProvider(float[] samples, int rate) : ISampleProvider
    {
        private int _position;

        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(rate, 1);

        public int Read(Span<float> buffer)
        {
            var n = Math.Min(buffer.Length, samples.Length - _position);
            samples.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
    }
}
