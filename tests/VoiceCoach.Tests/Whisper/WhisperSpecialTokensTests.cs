using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

public sealed class WhisperSpecialTokensTests
{
    [Fact]
    public void Constructor_EnglishOnly51864_MatchesWhisperCpp()
    {
        var s = new WhisperSpecialTokens(51864);

        Assert.False(s.IsMultilingual);
        Assert.Equal(
            [50256, 50257, 50357, 50358, 50359, 50360, 50361, 50362, 50363, 51863],
            [s.EndOfText, s.StartOfTranscript, s.Translate, s.Transcribe, s.StartOfLm, s.StartOfPrev, s.NoSpeech, s.NoTimestamps, s.TimestampBegin, s.TimestampEnd]);
    }

    [Fact]
    public void Constructor_Multilingual51865_ShiftsByOne()
    {
        var s = new WhisperSpecialTokens(51865);

        Assert.True(s.IsMultilingual);
        Assert.Equal(99, s.LanguageCount);
        Assert.Equal(
            [50257, 50258, 50358, 50359, 50360, 50361, 50362, 50363, 50364],
            [s.EndOfText, s.StartOfTranscript, s.Translate, s.Transcribe, s.StartOfLm, s.StartOfPrev, s.NoSpeech, s.NoTimestamps, s.TimestampBegin]);
        Assert.Equal(50259, s.Language("en"));
        Assert.Equal(50357, s.Language("su"));
        Assert.Null(s.Language("yue"));
    }

    [Fact]
    public void Constructor_LargeV3_51866_HasCantoneseAndShiftsByTwo()
    {
        var s = new WhisperSpecialTokens(51866);

        Assert.Equal(100, s.LanguageCount);
        Assert.Equal(50358, s.Language("yue"));
        Assert.Equal(
            [50359, 50360, 50361, 50362, 50363, 50364, 50365],
            [s.Translate, s.Transcribe, s.StartOfLm, s.StartOfPrev, s.NoSpeech, s.NoTimestamps, s.TimestampBegin]);
        Assert.Equal(1500, s.TimestampEnd - s.TimestampBegin);
    }

    [Fact]
    public void TimestampSeconds_Token50388_IsHalfSecond()
    {
        var s = new WhisperSpecialTokens(51864);

        Assert.Equal(0.5, s.TimestampSeconds(50388), 6);
        Assert.Equal("<|0.50|>", s.Name(50388));
    }
}
