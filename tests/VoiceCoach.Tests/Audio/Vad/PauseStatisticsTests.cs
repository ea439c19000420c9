using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Vad;

public sealed class PauseStatisticsTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    private readonly SileroVad _vad = fixture.Vad;

    private static float[] Card(string n) => TestWav.Read(RepoPaths.SharedFile("speech", "pocketsphinx", $"cards_{n}.wav"));

    [Fact]
    public void Detect_SpeechLongSilenceSpeech_OneLongPause()
    {
        // Arrange: speech (1.1 s) + 2.5 s of silence + speech (2.0 s).
        var first = Card("001");
        var second = Card("002");
        var samples = first.Concat(new float[(int)(2.5 * AudioClip.SampleRate)]).Concat(second).ToArray();

        // Act
        var result = _vad.Detect(new AudioClip(samples));

        // Assert: one pause, at least the inserted silence, at most that plus both clips' own edge silence.
        var pauses = result.Pauses;
        Assert.Equal(2, result.Segments.Count);
        Assert.Equal(1, pauses.Count);
        Assert.Equal(1, pauses.LongPauseCount);
        Assert.InRange(pauses.Longest.TotalSeconds, 2.5, 3.0);
        Assert.Equal(pauses.Longest, pauses.Total);
        Assert.Equal(result.Segments[1].Start - result.Segments[0].End, pauses.Longest);
        Assert.InRange(result.SpokenStart!.Value.TotalSeconds, 0.1, 0.3);
        Assert.True(result.SpokenDuration < result.Duration);
    }

    [Fact]
    public void FromSegments_ThreeGaps_CountsTotalsLongestAndLongOnes()
    {
        // Arrange: gaps of 0.5 s, 2.5 s and 2.0 s (exactly 2 s is not longer than 2 s).
        var segments = new[]
        {
            SpeechSegment.FromCentiseconds(0, 100),
            SpeechSegment.FromCentiseconds(150, 300),
            SpeechSegment.FromCentiseconds(550, 600),
            SpeechSegment.FromCentiseconds(800, 900),
        };

        // Act
        var stats = PauseStatistics.FromSegments(segments);

        // Assert
        Assert.Equal(new PauseStatistics(3, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2.5), 1), stats);
        Assert.Equal(5.0, stats.TotalSeconds, 9);
    }

    [Fact]
    public void FromSegments_MinimumPause_IgnoresShortGaps()
    {
        // Arrange
        var segments = new[] { SpeechSegment.FromCentiseconds(0, 100), SpeechSegment.FromCentiseconds(130, 200), SpeechSegment.FromCentiseconds(300, 400) };

        // Act
        var stats = PauseStatistics.FromSegments(segments, minimumPause: TimeSpan.FromMilliseconds(500));

        // Assert
        Assert.Equal(1, stats.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), stats.Longest);
    }

    [Fact]
    public void FromSegments_OneSegment_None()
    {
        // Arrange, Act
        var stats = PauseStatistics.FromSegments([SpeechSegment.FromCentiseconds(10, 90)]);

        // Assert
        Assert.Same(PauseStatistics.None, stats);
    }

    [Fact]
    public void FromProbabilities_SpeechGapSpeech_GapMeasuredBetweenPaddedSegments()
    {
        // Arrange: 1 s of speech, 3 s of silence, 1 s of speech at 32 ms per window (125 windows = 4 s).
        var probabilities = Enumerable.Repeat(0.9f, 32).Concat(Enumerable.Repeat(0.05f, 94)).Concat(Enumerable.Repeat(0.9f, 32)).ToArray();

        // Act
        var stats = PauseStatistics.FromProbabilities(probabilities);

        // Assert: gap of 94 windows (3.008 s) minus 30 ms padding on each side, in centiseconds: 3.01 - 0.06.
        Assert.Equal(1, stats.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(2950), stats.Longest);
        Assert.Equal(1, stats.LongPauseCount);
    }
}
