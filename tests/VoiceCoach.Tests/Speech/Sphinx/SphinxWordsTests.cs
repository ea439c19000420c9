using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class SphinxWordsTests
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(0.6);

    [Theory]
    [InlineData("<s>")]
    [InlineData("</s>")]
    [InlineData("<sil>")]
    [InlineData("[NOISE]")]
    [InlineData("[SPEECH]")]
    [InlineData("++BREATH++")]
    [InlineData("")]
    public void Clean_MarkersSilenceAndNoise_Dropped(string raw)
    {
        Assert.Null(SphinxWords.Clean(raw));
    }

    [Theory]
    [InlineData("country", "country")]
    [InlineData("for(2)", "for")]
    [InlineData("read(12)", "read")]
    [InlineData("um", "um")]
    [InlineData("uh", "uh")]
    [InlineData("++UH++", "uh")]
    [InlineData("++UM++", "um")]
    [InlineData("don't", "don't")]
    public void Clean_Words_KeptWithoutPronunciationSuffix(string raw, string expected)
    {
        Assert.Equal(expected, SphinxWords.Clean(raw));
    }

    [Fact]
    public void ToSegments_OneUtterance_WordsTimedFromFramesWithInclusiveEnd()
    {
        SphinxWord[] utterance =
        [
            new("<s>", 0, 45, 1.0), new("go", 46, 62, 0.9), new("forward", 63, 117, 0.8), new("</s>", 118, 130, 1.0),
        ];

        var segments = SphinxWords.ToSegments([utterance], TimeSpan.FromSeconds(3), Pause);

        var segment = Assert.Single(segments);
        Assert.Equal("go forward", segment.Text);
        Assert.Equal(TimeSpan.FromMilliseconds(460), segment.Start);
        Assert.Equal(TimeSpan.FromMilliseconds(1180), segment.End);
        Assert.Equal(TimeSpan.FromMilliseconds(630), segment.Words[0].End);
        Assert.Equal(TimeSpan.FromMilliseconds(630), segment.Words[1].Start);
        Assert.Equal(0.8, segment.Words[1].Confidence);
    }

    [Fact]
    public void ToSegments_PauseLongerThanLimit_StartsNewSegment()
    {
        SphinxWord[] utterance =
        [
            new("ten", 0, 29, 1), new("<sil>", 30, 99, 1), new("of", 100, 119, 1), new("<sil>", 120, 159, 1), new("clubs", 160, 199, 1),
        ];

        var segments = SphinxWords.ToSegments([utterance], TimeSpan.FromSeconds(3), Pause);

        Assert.Equal(["ten", "of clubs"], segments.Select(s => s.Text));
    }

    [Fact]
    public void ToSegments_TwoUtterances_TwoSegmentsEvenWithoutPause()
    {
        SphinxWord[] first = [new("go", 0, 9, 1)];
        SphinxWord[] second = [new("forward", 10, 19, 1)];

        var segments = SphinxWords.ToSegments([first, second], TimeSpan.FromSeconds(1), Pause);

        Assert.Equal(["go", "forward"], segments.Select(s => s.Text));
    }

    [Fact]
    public void ToSegments_UtteranceOfSilenceOnly_NoSegment()
    {
        SphinxWord[] utterance = [new("<s>", 0, 10, 1), new("[NOISE]", 11, 40, 1), new("</s>", 41, 50, 1)];

        Assert.Empty(SphinxWords.ToSegments([utterance], TimeSpan.FromSeconds(1), Pause));
    }

    [Fact]
    public void ToSegments_TimesPastTheClipAndOddConfidence_Clamped()
    {
        SphinxWord[] utterance = [new("me", 90, 120, 1.0003)];

        var word = SphinxWords.ToSegments([utterance], TimeSpan.FromSeconds(1), Pause)[0].Words[0];

        Assert.Equal(TimeSpan.FromSeconds(0.9), word.Start);
        Assert.Equal(TimeSpan.FromSeconds(1), word.End);
        Assert.Equal(1.0, word.Confidence);
    }
}
