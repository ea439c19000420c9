using VoiceCoach.Audio.Vad;

namespace VoiceCoach.Tests.Audio.Vad;

public sealed class VadSegmenterTests
{
    private static float[] Windows(params (float P, int Count)[] runs) => [.. runs.SelectMany(r => Enumerable.Repeat(r.P, r.Count))];

    private static string Cs(IEnumerable<SpeechSegment> segments) => string.Join(" ", segments.Select(s => $"[{s.StartCentiseconds}, {s.EndCentiseconds}]"));

    [Fact]
    public void FromProbabilities_AllSpeech_OneSegmentOverTheWholeAudio()
    {
        // Arrange: 100 windows = 51200 samples = 3.2 s.
        var probabilities = Windows((0.9f, 100));

        // Act
        var segments = VadSegmenter.FromProbabilities(probabilities);

        // Assert
        Assert.Equal("[0, 320]", Cs(segments));
    }

    [Fact]
    public void FromProbabilities_BlipShorterThanMinSpeech_Dropped()
    {
        // Arrange: 7 windows = 224 ms < 250 ms.
        var probabilities = Windows((0.05f, 20), (0.9f, 7), (0.05f, 40));

        // Act
        var segments = VadSegmenter.FromProbabilities(probabilities);

        // Assert
        Assert.Empty(segments);
    }

    [Fact]
    public void FromProbabilities_GapUnder200ms_Merged()
    {
        // Arrange: speech, 5 windows (160 ms) of silence, speech: the silence ends a segment (>= 100 ms) but the
        // 200 ms merge joins them again.
        var probabilities = Windows((0.05f, 10), (0.9f, 20), (0.05f, 5), (0.9f, 20), (0.05f, 30));

        // Act
        var segments = VadSegmenter.FromProbabilities(probabilities);

        // Assert: 10 * 512 - 480 = 4640 samples = 29 cs; end 55 * 512 + 480 = 28640 = 179 cs.
        Assert.Equal("[29, 179]", Cs(segments));
    }

    [Fact]
    public void FromProbabilities_MaxSpeechDurationWithoutSilence_SplitsMergedBackLikeWhisperCpp()
    {
        // Arrange: 10 s of uninterrupted speech, at most 3 s per segment.
        var probabilities = Windows((0.9f, 313));
        var options = new VadOptions { MaxSpeechDuration = TimeSpan.FromSeconds(3) };

        // Act
        var segments = VadSegmenter.FromProbabilities(probabilities, options);

        // Assert: the reference splits at the first window past the limit, leaving one-window gaps, and its
        // 200 ms merge then joins the pieces again. Reproduced on purpose.
        Assert.Equal("[0, 1002]", Cs(segments));
    }

    [Fact]
    public void FromProbabilities_MaxSpeechDurationWithShortSilence_SplitsAtTheSilence()
    {
        // Arrange: 63 windows of speech, 8 of silence (256 ms: over 98 ms, under the 500 ms minimum silence),
        // 94 of speech.
        var probabilities = Windows((0.9f, 63), (0.05f, 8), (0.9f, 94));
        var options = new VadOptions { MaxSpeechDuration = TimeSpan.FromSeconds(3), MinSilenceDuration = TimeSpan.FromMilliseconds(500) };

        // Act
        var split = VadSegmenter.FromProbabilities(probabilities, options);
        var whole = VadSegmenter.FromProbabilities(probabilities, options with { MaxSpeechDuration = TimeSpan.MaxValue });

        // Assert: cut where the silence began (32256 samples); the rest is cut again at the limit, and its last
        // 1024 samples are too short to keep.
        Assert.Equal("[0, 205] [224, 521]", Cs(split));
        Assert.Equal("[0, 528]", Cs(whole));
    }

    [Fact]
    public void FromProbabilities_Empty_NoSegments()
    {
        // Arrange, Act
        var segments = VadSegmenter.FromProbabilities([]);

        // Assert
        Assert.Empty(segments);
    }

    [Fact]
    public void Validate_ThresholdOutOfRange_Throws()
    {
        // Arrange
        var options = new VadOptions { Threshold = 1.5f };

        // Act, Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());
    }

    [Fact]
    public void Default_WhisperCppDefaults()
    {
        // Arrange, Act
        var o = VadOptions.Default;

        // Assert
        Assert.Equal(0.5f, o.Threshold);
        Assert.Equal(0.35f, o.NegativeThreshold, 6);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.MinSpeechDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(100), o.MinSilenceDuration);
        Assert.Equal(TimeSpan.MaxValue, o.MaxSpeechDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(30), o.SpeechPad);
        Assert.Equal(TimeSpan.FromSeconds(0.1), o.SamplesOverlap);
    }
}
