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
        Assert.Equal(10 * Math.Log10((1e6 + 1) / (1e4 + 1)), levels.BelowSpeechDb(10, 12), 0.01);
        Assert.Equal(0, levels.BelowSpeechDb(60, 62), 0.01);
    }

    [Fact]
    public void BelowSpeechDb_SpanReachingSpeech_TheLoudestFrameCounts()
    {
        var levels = FrameLevels.Measure(Frames((50, 100), (50, 1_000)));

        Assert.Equal(0, levels.BelowSpeechDb(45, 55), 0.01);
    }

    [Fact]
    public void SpreadDb_NoiseThenSpeech_SpeechOverTheQuietestTenth()
    {
        var levels = FrameLevels.Measure(Frames((50, 100), (50, 1_000)));

        Assert.Equal(10 * Math.Log10((1e6 + 1) / (1e4 + 1)), levels.SpreadDb, 0.02);
    }

    [Fact]
    public void MeasureTo_PrefixesOfOneStreamInAnyOrder_SameAsMeasuringEachPrefixAlone()
    {
        // Arrange: a stream of rising and falling loudness, 500 frames.
        var audio = new short[500 * 160];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = (short)((20 + (i / 160 * 37 % 3_000)) * Math.Sin(i * 0.2));
        }

        var levels = new FrameLevels();

        // Act / Assert: forward, back (an utterance's end before the last one's margin), forward again, past the end.
        foreach (var frames in new[] { 40, 130, 90, 300, 299, 500, 700 })
        {
            levels.MeasureTo(audio, frames);
            var alone = FrameLevels.Measure(audio.AsSpan(0, Math.Min(frames, 500) * 160));
            Assert.Equal(alone.SpreadDb, levels.SpreadDb, 9);
            Assert.Equal(alone.BelowSpeechDb(20, 30), levels.BelowSpeechDb(20, 30), 9);
            Assert.Equal(Math.Min(frames, 500), levels.Frames);
        }

        // Each frame measured once, plus the 40 + 1 measured again after going back.
        Assert.Equal(541, levels.FramesMeasured);
    }

    [Fact]
    public void SpreadDb_AgainstExactPercentiles_WithinAHundredthOfADecibel()
    {
        // Arrange: 1,001 frames of 1,001 different amplitudes (the 90th percentile is frame rank 900, the 10th rank 100).
        var audio = new short[1_001 * 160];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = (short)((i % 2 == 0 ? 1 : -1) * (3 + (i / 160 * 29 % 1_001 * 13)));
        }

        var energies = Enumerable.Range(0, 1_001).Select(f => ((double)audio[f * 160] * audio[f * 160]) + 1).Order().ToArray();

        // Act
        var levels = FrameLevels.Measure(audio);

        // Assert
        Assert.Equal(10 * Math.Log10(energies[900] / energies[100]), levels.SpreadDb, 0.02);
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
