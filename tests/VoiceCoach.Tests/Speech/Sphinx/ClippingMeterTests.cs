using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class ClippingMeterTests
{
    private static short[] Sine(int count, double amplitude, double gain = 1)
    {
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            var value = amplitude * gain * Math.Sin(2 * Math.PI * 220 * i / 16_000.0);
            samples[i] = (short)Math.Clamp(Math.Round(value * 32767), short.MinValue + 1, short.MaxValue);
        }

        return samples;
    }

    [Fact]
    public void ClippedShare_CleanSine_FewSamplesAtThePeak()
    {
        var meter = new ClippingMeter();

        meter.Add(Sine(16_000, 0.5));

        Assert.True(meter.ClippedShare < 0.1, meter.ClippedShare.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(meter.IsClipped(0.2));
    }

    [Fact]
    public void ClippedShare_SineAmplifiedBy30dB_MostSamplesAtFullScale()
    {
        var meter = new ClippingMeter();

        meter.Add(Sine(16_000, 0.5, Math.Pow(10, 30 / 20.0)));

        Assert.True(meter.ClippedShare > 0.9, meter.ClippedShare.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(meter.IsClipped(0.01));
    }

    [Fact]
    public void ClippedShare_ClippedThenTurnedDown_StillClipped()
    {
        // Clipped in an analogue stage or normalised afterwards: flat tops below full scale.
        var meter = new ClippingMeter();
        var clipped = Sine(16_000, 0.5, 30).Select(s => (short)(s / 4)).ToArray();

        meter.Add(clipped);

        Assert.True(meter.IsClipped(0.5));
    }

    [Fact]
    public void ClippedShare_InChunks_SameAsAtOnce()
    {
        var samples = Sine(16_000, 0.5, 3).Concat(Sine(16_000, 0.2)).ToArray();
        var once = new ClippingMeter();
        var chunked = new ClippingMeter();

        once.Add(samples);
        foreach (var chunk in samples.Chunk(2048))
        {
            chunked.Add(chunk);
        }

        Assert.Equal(once.ClippedShare, chunked.ClippedShare, 9);
    }

    [Fact]
    public void ClippedShare_NearSilence_NotClipped()
    {
        // A few sample values only, so many sit at the peak; quiet audio is not clipped audio.
        var meter = new ClippingMeter();

        meter.Add(Enumerable.Range(0, 16_000).Select(i => (short)(i % 3 - 1)).ToArray());

        Assert.Equal(0, meter.ClippedShare);
        Assert.False(meter.IsClipped(0.01));
    }

    [Fact]
    public void IsClipped_ThresholdZero_Off()
    {
        var meter = new ClippingMeter();

        meter.Add(Sine(16_000, 1, 100));

        Assert.False(meter.IsClipped(0));
    }
}
