using System.Buffers;
using VoiceCoach.Audio.Conversion;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.Tests.Audio;

public sealed class ResamplerTests(ITestOutputHelper output)
{
    // Edges are skipped in level measurements: the signal starts and stops abruptly there.
    private const int Edge = 1600;

    [Fact]
    public void Resample_1kHzSineFrom44100_KeepsRmsWithinOnePercent()
    {
        var input = Signals.Sine(1000, 44100, 44100 * 2);

        var result = Resampler.Resample(input, 44100, 16000);

        var error = (Signals.Rms(result.AsSpan(Edge, result.Length - (2 * Edge))) / Signals.Rms(input)) - 1;
        output.WriteLine($"1 kHz 44.1k->16k level error: {error * 100:F4} %");
        Assert.InRange(Math.Abs(error), 0, 0.01);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(44101)] // interpolated phase table
    public void Resample_10kHzToneFrom44100_IsAttenuatedBy60DbOrMore(int rate)
    {
        var input = Signals.Sine(10_000, rate, rate * 2);

        var result = Resampler.Resample(input, rate, 16000);

        var attenuation = -Signals.Db(Signals.Rms(result.AsSpan(Edge, result.Length - (2 * Edge))) / Signals.Rms(input));
        output.WriteLine($"10 kHz {rate}->16k attenuation: {attenuation:F1} dB");
        Assert.True(attenuation >= 60, $"10 kHz attenuated by only {attenuation:F1} dB");
    }

    [Theory]
    [InlineData(8_500)]
    [InlineData(12_000)]
    [InlineData(20_000)]
    public void Resample_ToneAboveOutputNyquistFrom48000_IsAttenuatedBy60DbOrMore(double frequency)
    {
        var input = Signals.Sine(frequency, 48000, 48000);

        var result = Resampler.Resample(input, 48000, 16000);

        var attenuation = -Signals.Db(Signals.Rms(result.AsSpan(Edge, result.Length - (2 * Edge))) / Signals.Rms(input));
        output.WriteLine($"{frequency} Hz 48k->16k attenuation: {attenuation:F1} dB");
        Assert.True(attenuation >= 60, $"{frequency} Hz attenuated by only {attenuation:F1} dB");
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(22050)]
    public void Resample_7kHzTone_PassesWithinHalfDb(int rate)
    {
        var input = Signals.Sine(7000, rate, rate * 2);

        var result = Resampler.Resample(input, rate, 16000);

        var gain = Signals.Db(Signals.Rms(result.AsSpan(Edge, result.Length - (2 * Edge))) / Signals.Rms(input));
        output.WriteLine($"7 kHz {rate}->16k gain: {gain:F4} dB");
        Assert.InRange(gain, -0.5, 0.5);
    }

    [Theory]
    [InlineData(44100, 88200, 32000)]
    [InlineData(22050, 22050, 16000)]
    [InlineData(48000, 48001, 16001)]
    [InlineData(8000, 8000, 16000)]
    [InlineData(11025, 11025, 16000)]
    [InlineData(44100, 485100, 176000)]
    [InlineData(16000, 12345, 12345)]
    [InlineData(44101, 44101, 16000)]
    public void Resample_AnyRatio_GivesCeilOfScaledLength(int rate, int length, int expected)
    {
        var input = Signals.Sine(440, rate, length);

        var result = Resampler.Resample(input, rate, 16000);

        Assert.Equal(expected, result.Length);
    }

    [Theory]
    [InlineData(44100, 1000)]
    [InlineData(22050, 3000)]
    [InlineData(48000, 440)]
    [InlineData(8000, 1000)]
    [InlineData(44101, 1000)] // reduced ratio 16000/44101: interpolated phase table
    [InlineData(96000, 2500)]
    public void Resample_Sine_MatchesIdeal16kHzSineWithoutPhaseDrift(int rate, double frequency)
    {
        const int Seconds = 10;
        var input = Signals.Sine(frequency, rate, rate * Seconds, amplitude: 0.5, phase: 0.3);
        var ideal = Signals.Sine(frequency, 16000, 16000 * Seconds, amplitude: 0.5, phase: 0.3);

        var result = Resampler.Resample(input, rate, 16000);

        var middle = result.AsSpan(Edge, result.Length - (2 * Edge));
        var correlation = Signals.Correlation(middle, ideal.AsSpan(Edge, result.Length - (2 * Edge)));
        var startPhase = Signals.Phase(result.AsSpan(Edge, 16000), Edge, frequency, 16000) - 0.3;
        var endStart = result.Length - Edge - 16000;
        var endPhase = Signals.Phase(result.AsSpan(endStart, 16000), endStart, frequency, 16000) - 0.3;
        var maxError = Math.Abs(Signals.Rms(middle) / Signals.Rms(ideal) - 1);
        output.WriteLine($"{frequency} Hz {rate}->16k: correlation {correlation:F7}, phase error start {startPhase:E2} end {endPhase:E2} rad, level error {maxError * 100:F4} %");
        Assert.True(correlation > 0.9999, $"correlation {correlation}");
        Assert.InRange(Math.Abs(startPhase), 0, 1e-4);
        Assert.InRange(Math.Abs(endPhase), 0, 1e-4);
        Assert.InRange(maxError, 0, 0.001);
    }

    [Fact]
    public void Process_InIrregularPieces_EqualsWholeClipResult()
    {
        var input = Signals.Sine(1234, 44100, 44100);
        for (var i = 0; i < input.Length; i += 97)
        {
            input[i] += 0.1f; // not a pure tone, so a misplaced piece would show
        }

        var whole = Resampler.Resample(input, 44100, 16000);
        var resampler = new Resampler(44100, 16000);
        var streamed = new ArrayBufferWriter<float>();
        var random = new Random(7);
        var at = 0;

        while (at < input.Length)
        {
            var n = Math.Min(input.Length - at, random.Next(0, 3000));
            resampler.Process(input.AsSpan(at, n), streamed);
            at += n;
        }

        resampler.Flush(streamed);

        Assert.Equal(whole, streamed.WrittenSpan.ToArray());
    }

    [Fact]
    public void Resample_SameRate_ReturnsACopy()
    {
        var input = Signals.Sine(1000, 16000, 100);

        var result = Resampler.Resample(input, 16000, 16000);

        Assert.Equal(input, result);
        Assert.NotSame(input, result);
    }

    [Fact]
    public void Process_AfterFlush_Throws()
    {
        var resampler = new Resampler(44100, 16000);
        var sink = new ArrayBufferWriter<float>();
        resampler.Flush(sink);

        Assert.Throws<InvalidOperationException>(() => resampler.Process(new float[10], sink));
    }
}
