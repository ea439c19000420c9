using VoiceCoach.Speech.Http;

namespace VoiceCoach.Tests.Speech.Http;

public sealed class VerboseJsonReaderTests
{
    [Fact]
    public void Read_TextOnly_OneSegmentOverTheClipWithEstimatedWords()
    {
        var transcript = VerboseJsonReader.Read("""{"text":"Short answer here."}""", TimeSpan.FromSeconds(3), "e", out var estimated);

        Assert.True(estimated);
        var segment = Assert.Single(transcript.Segments);
        Assert.Equal(TimeSpan.FromSeconds(3), segment.End);
        Assert.Equal(["Short", "answer", "here."], segment.Words.Select(w => w.Text));
        Assert.True(segment.Words[^1].End <= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Read_WordsWithoutSegments_MakesOneSegmentFromTheWords()
    {
        var transcript = VerboseJsonReader.Read("""{"text":"hi there","words":[{"word":" hi","start":0.5,"end":0.7},{"word":" there","start":0.8,"end":1.1}]}""", TimeSpan.FromSeconds(2), "e", out var estimated);

        Assert.False(estimated);
        Assert.Equal(["hi", "there"], transcript.Words.Select(w => w.Text));
        Assert.Equal(TimeSpan.FromSeconds(0.5), transcript.Segments[0].Start);
    }

    [Fact]
    public void Read_EmptyTranscript_NoSegments()
    {
        var transcript = VerboseJsonReader.Read("""{"text":"","segments":[]}""", TimeSpan.FromSeconds(2), "e", out _);

        Assert.Empty(transcript.Segments);
    }

    [Fact]
    public void Read_WhisperCppSpecialTokens_AreDropped()
    {
        const string body = """{"text":"Yes","segments":[{"start":0,"end":1,"text":" Yes","words":[{"word":"[_BEG_]","start":0,"end":0},{"word":" Yes","start":0.1,"end":0.4},{"word":"<|endoftext|>","start":0.4,"end":0.4}]}]}""";

        var transcript = VerboseJsonReader.Read(body, TimeSpan.FromSeconds(1), "e", out _);

        Assert.Equal(["Yes"], transcript.Words.Select(w => w.Text));
    }

    [Theory]
    [InlineData("""{"error":{"message":"Invalid file format.","type":"invalid_request_error"}}""", "Invalid file format.")]
    [InlineData("""{"error":"failed to process audio"}""", "failed to process audio")]
    public void Read_ErrorBody_ThrowsTheServersMessage(string body, string message)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => VerboseJsonReader.Read(body, TimeSpan.FromSeconds(1), "e", out _));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Read_ArrayBody_IsNotATranscription()
    {
        var ex = Assert.Throws<FormatException>(() => VerboseJsonReader.Read("[1,2]", TimeSpan.FromSeconds(1), "e", out _));

        Assert.StartsWith("the response is JSON but not an object: [1,2]", ex.Message, StringComparison.Ordinal);
    }
}
