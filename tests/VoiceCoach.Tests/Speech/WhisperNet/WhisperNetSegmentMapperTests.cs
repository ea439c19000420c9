using VoiceCoach.Speech.WhisperNet;
using VoiceCoach.Tests.Whisper;
using VoiceCoach.Whisper;
using Whisper.net;

namespace VoiceCoach.Tests.Speech.WhisperNet;

/// <summary>whisper.cpp's segments as ours, without the native library: built by hand as Whisper.net hands them over.</summary>
public sealed class WhisperNetSegmentMapperTests
{
    private static readonly WhisperTokenizer Tokenizer = WhisperTokenizer.FromModelFile(WhisperGolden.Model("for-tests-ggml-tiny.en.bin"));

    [Fact]
    public void Map_SegmentEndingPastTheClip_ClampedToTheClipWithTheTokensProbability()
    {
        // Arrange: 4 s of audio; whisper.cpp closed the segment at <|11.24|> of a window that starts at 0.
        var mapper = new WhisperNetSegmentMapper(Tokenizer, new float[4 * 16000]);
        var hello = Tokenizer.Encode(" hello").Single();
        var closing = Tokenizer.Special.TimestampBegin + 562;
        var segment = Segment(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11.24), " hello", Token(hello, 0.25f), Token(closing, 0.5f));

        // Act
        var mapped = mapper.Map(segment);

        // Assert
        Assert.NotNull(mapped);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), "hello"), (mapped.Start, mapped.End, mapped.Text));
        var word = Assert.Single(mapped.Words);
        Assert.Equal("hello", word.Text);
        Assert.InRange(word.Start, TimeSpan.FromSeconds(1), word.End);
        Assert.InRange(word.End, word.Start, TimeSpan.FromSeconds(4));
        Assert.Equal(0.25, word.Confidence!.Value, 6);
    }

    [Fact]
    public void Map_SegmentStartingAfterTheClip_Dropped()
    {
        // Arrange
        var mapper = new WhisperNetSegmentMapper(Tokenizer, new float[2 * 16000]);
        var segment = Segment(TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(3), " hello", Token(Tokenizer.Encode(" hello").Single(), 0.5f));

        // Act
        var mapped = mapper.Map(segment);

        // Assert
        Assert.Null(mapped);
    }

    private static WhisperToken Token(int id, float probability) =>
        new() { Id = id, Probability = probability, TimestampId = Tokenizer.Special.TimestampBegin, Text = Tokenizer.TokenText(id) };

    private static SegmentData Segment(TimeSpan start, TimeSpan end, string text, params WhisperToken[] tokens) =>
        new(text, start, end, 0, 1, 0.5f, 0.01f, "en", tokens);
}
