using VoiceCoach.Core.Text;

namespace VoiceCoach.Tests.Text;

/// <summary>How a coach's phrase (prompts/: role terms, value phrases, cues) is found among an answer's words.</summary>
public class PhraseTests
{
    [Theory]
    [InlineData("eyeline", "working with eyeline's researchers", true)]
    [InlineData("media algorithms", "the media algorithms's roadmap", true)]
    [InlineData("eyeline", "working with eyeline researchers", true)]
    [InlineData("that", "that's why", false)]
    [InlineData("it", "it's fine", false)]
    [InlineData("let", "let's say", false)]
    [InlineData("eyeline", "eyelines", false)]
    public void OccursIn_PossessiveOfTheLastWord_MatchesButAContractionDoesNot(string pattern, string said, bool expected)
    {
        var words = WordText.Words(said);

        Assert.Equal(expected, new Phrase(pattern).OccursIn(words));
    }

    [Fact]
    public void MayOccurIn_OnlyThePossessiveSaid_SaysScan()
    {
        var words = WordText.Words("Eyeline's researchers publish at SIGGRAPH");

        Assert.True(new Phrase("eyeline").MayOccurIn(new WordIndex(words)));
    }
}
