using VoiceCoach.Speech.LanguageModel;

namespace VoiceCoach.Tests.Speech.LanguageModel;

public sealed class CorpusFillersTests
{
    private static List<string> Texts(IEnumerable<IReadOnlyList<string>> sentences) => [.. sentences.Select(s => string.Join(' ', s))];

    private static string WithoutFillers(string sentence) =>
        string.Join(' ', sentence.Replace("you know", string.Empty, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("um" or "uh" or "like")));

    [Fact]
    public void Apply_Sentences_EachLongSentenceAgainWithFillersSameEveryTime()
    {
        // Arrange
        IReadOnlyList<string>[] sentences = [["i", "owned", "the", "migration"], ["keeper", "test"], ["we", "shipped", "it", "on", "time"]];

        // Act
        var first = Texts(CorpusFillers.Apply(sentences, spacing: 12));
        var again = Texts(CorpusFillers.Apply(sentences, spacing: 12));

        // Assert
        Assert.Equal(first, again);
        Assert.Equal(5, first.Count);
        Assert.Equal(["i owned the migration", "keeper test", "we shipped it on time"], first.Where((_, i) => i is 0 or 2 or 3));
        Assert.Equal("i owned the migration", WithoutFillers(first[1]));
        Assert.Equal("we shipped it on time", WithoutFillers(first[4]));
        Assert.NotEqual(first[1], first[0]);
        Assert.NotEqual(first[4], first[3]);
    }

    [Fact]
    public void Apply_WrittenHesitations_TakenOutSoTheShareIsTheSettingsAlone()
    {
        // Arrange
        IReadOnlyList<string>[] said = [["um", "i", "owned", "uh", "the", "migration"], ["um"]];
        IReadOnlyList<string>[] written = [["i", "owned", "the", "migration"]];

        // Act
        var fromSaid = Texts(CorpusFillers.Apply(said, spacing: 12));
        var fromWritten = Texts(CorpusFillers.Apply(written, spacing: 12));

        // Assert
        Assert.Equal(fromWritten, fromSaid);
    }

    [Fact]
    public void Apply_SpacingFour_OneFillerPerFourWords()
    {
        // Arrange
        IReadOnlyList<string> sentence = [.. Enumerable.Range(0, 16).Select(i => "w" + i)];

        // Act
        var copy = CorpusFillers.Apply([sentence], spacing: 4).Last();

        // Assert
        Assert.Equal(4, copy.Count(w => w is "um" or "uh" or "like") + copy.Count(w => w == "know"));
        Assert.Equal(sentence, WithoutFillers(string.Join(' ', copy)).Split(' '));
    }

    [Fact]
    public void Apply_SpacingZero_NoFillerCopy()
    {
        // Act
        var texts = Texts(CorpusFillers.Apply([["um", "we", "shipped", "it", "on", "time"]], spacing: 0));

        // Assert
        Assert.Equal(["we shipped it on time"], texts);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Apply_SpacingOutOfRange_Throws(int spacing) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CorpusFillers.Apply([], spacing));

    [Theory]
    [InlineData(4, 1, 7)]
    [InlineData(10, 3, 5)]
    [InlineData(3, 4, 0)]
    [InlineData(2, 9, 1)]
    public void Slots_AnyCount_DistinctAscendingWithinTheSentence(int length, int count, int seed)
    {
        // Act
        var slots = CorpusFillers.Slots(length, count, seed);

        // Assert
        Assert.Equal(Math.Min(count, length + 1), slots.Count);
        Assert.Equal(slots.Order(), slots);
        Assert.Equal(slots.Count, slots.Distinct().Count());
        Assert.All(slots, s => Assert.InRange(s, 0, length));
    }
}
