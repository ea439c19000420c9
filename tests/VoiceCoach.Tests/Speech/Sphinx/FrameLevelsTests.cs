using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class FrameLevelsTests
{
    [Fact]
    public void BelowSpeechDb_QuietFrameAmongSpeech_TheirEnergyRatio()
    {
        // Arrange: 50 frames of noise at amplitude 100, then 50 of speech at amplitude 1,000 (10 ms = 160 samples each).
        var audio = Frames((50, 100), (50, 1_000));

        // Act
        var levels = FrameLevels.Measure(audio);

        // Assert: a noise frame sits 20 dB under the speech level (the 90th percentile is a speech frame), a speech frame 0.
        Assert.Equal(10 * Math.Log10((1e6 + 1) / (1e4 + 1)), levels.BelowSpeechDb(10, 12), 6);
        Assert.Equal(0, levels.BelowSpeechDb(60, 62), 6);
    }

    [Fact]
    public void BelowSpeechDb_SpanReachingSpeech_TheLoudestFrameCounts()
    {
        var levels = FrameLevels.Measure(Frames((50, 100), (50, 1_000)));

        Assert.Equal(0, levels.BelowSpeechDb(45, 55), 6);
    }

    [Fact]
    public void SpreadDb_NoiseThenSpeech_SpeechOverTheQuietestTenth()
    {
        var levels = FrameLevels.Measure(Frames((50, 100), (50, 1_000)));

        Assert.Equal(10 * Math.Log10((1e6 + 1) / (1e4 + 1)), levels.SpreadDb, 6);
    }

    [Fact]
    public void BelowSpeechDb_FramesNotMeasured_Infinite()
    {
        // Arrange: 2.5 frames; the half frame is not measured.
        var levels = FrameLevels.Measure(new short[400]);

        // Act / Assert
        Assert.Equal(double.PositiveInfinity, levels.BelowSpeechDb(2, 5));
    }

    private static short[] Frames(params (int Count, short Amplitude)[] parts)
    {
        var samples = new List<short>();
        foreach (var (count, amplitude) in parts)
        {
            for (var i = 0; i < count * 160; i++)
            {
                samples.Add(i % 2 == 0 ? amplitude : (short)-amplitude);
            }
        }

        return [.. samples];
    }
}
