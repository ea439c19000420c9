using System.Globalization;
using VoiceCoach.Speech.LanguageModel;

namespace VoiceCoach.Tests.Speech.LanguageModel;

public sealed class KneserNeyBuilderTests
{
    private static readonly string[][] Corpus =
    [
        ["context", "not", "control"],
        ["context", "over", "control"],
        ["i", "like", "context", "not", "control"],
        ["stunning", "colleagues", "raise", "the", "bar"],
        ["um", "i", "like", "the", "bar"],
        ["the", "keeper", "test"],
    ];

    /// <summary>Histories of every length: none, a seen word, a seen pair, seen words in an unseen pair, unseen words, the start.</summary>
    public static TheoryData<string> Histories => ["", "context", "context not", "i like", "never seen", "<s>"];

    [Theory]
    [MemberData(nameof(Histories))]
    public void Build_AnyHistory_ProbabilitiesSumToOne(string words)
    {
        // Arrange
        var model = Build();
        var history = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var predicted = model.Vocabulary.Append(KneserNeyBuilder.SentenceEnd);

        // Act
        var sum = predicted.Sum(w => model.Probability(history, w));

        // Assert
        Assert.Equal(1.0, sum, 9);
    }

    [Fact]
    public void Build_SeenTrigram_MoreLikelyThanUnseenContinuation()
    {
        // Arrange
        var model = Build();

        // Act
        var seen = model.Probability(["context", "not"], "control");
        var unseen = model.Probability(["context", "not"], "bar");

        // Assert
        Assert.True(seen > 0.5, $"P(control | context not) = {seen}");
        Assert.True(unseen is > 0 and < 0.05, $"P(bar | context not) = {unseen}");
    }

    [Fact]
    public void Build_WordOnlyAfterOneWord_LowerUnigramThanItsCountSuggests()
    {
        // Arrange: "control" occurs 3 times, always after "not"/"over" (2 contexts); "the" 3 times after 3 contexts.
        var model = Build();

        // Act
        var control = model.Probability([], "control");
        var the = model.Probability([], "the");

        // Assert: Kneser-Ney's continuation counts, not raw frequency.
        Assert.True(the > control);
    }

    [Fact]
    public void WriteArpa_Model_HeaderCountsMatchSectionsAndBackoffsAreLog10()
    {
        // Arrange
        var model = Build();
        using var text = new StringWriter(CultureInfo.InvariantCulture);

        // Act
        model.WriteArpa(text);
        var lines = text.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        // Assert
        Assert.Equal("\\data\\", lines[1]);
        Assert.Equal("\\end\\", lines[^2]);
        for (var n = 1; n <= 3; n++)
        {
            var declared = int.Parse(lines.Single(l => l.StartsWith($"ngram {n}=", StringComparison.Ordinal))[8..], CultureInfo.InvariantCulture);
            var start = lines.IndexOf($"\\{n}-grams:") + 1;
            var rows = lines.Skip(start).TakeWhile(l => l.Length > 0).ToList();
            Assert.Equal(declared, rows.Count);
            Assert.All(rows, r => Assert.Equal(n, r.Split('\t')[1].Split(' ').Length));
        }

        Assert.Contains(lines, l => l.StartsWith("-99\t<s>\t-", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(',', StringComparison.Ordinal));
    }

    [Fact]
    public void Add_WordWithSpace_Throws()
    {
        // Arrange
        var builder = new KneserNeyBuilder();

        // Act
        var error = Assert.Throws<ArgumentException>(() => builder.Add(["context not", "control"]));

        // Assert
        Assert.Contains("context not", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Boost_AnyHistory_StillSumsToOneAndBoostedWordsGainTheFactorAgainstTheRest(string words)
    {
        // Arrange
        var model = Build();
        var history = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var predicted = model.Vocabulary.Append(KneserNeyBuilder.SentenceEnd).ToList();

        // Act
        var boosted = model.Boost(["keeper", "control"], 4);

        // Assert: a distribution still, and each boosted word four times as likely against any other word as before
        Assert.Equal(1.0, predicted.Sum(w => boosted.Probability(history, w)), 9);
        foreach (var word in new[] { "keeper", "control" })
        {
            foreach (var other in new[] { "the", "bar", "not", KneserNeyBuilder.SentenceEnd })
            {
                var before = model.Probability(history, word) / model.Probability(history, other);
                var after = boosted.Probability(history, word) / boosted.Probability(history, other);
                Assert.Equal(4 * before, after, 9);
            }
        }
    }

    [Fact]
    public void Boost_FactorOneOrUnknownWords_SameModel()
    {
        // Arrange
        var model = Build();

        // Act + Assert
        Assert.Same(model, model.Boost(["keeper"], 1));
        Assert.Same(model, model.Boost(["candor"], 4));
    }

    [Fact]
    public void Build_NothingAdded_ThrowsSayingWhat()
    {
        // Arrange
        var builder = new KneserNeyBuilder();

        // Act
        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        // Assert
        Assert.Contains("no sentences", error.Message, StringComparison.Ordinal);
    }

    private static NGramModel Build()
    {
        var builder = new KneserNeyBuilder(3);
        foreach (var sentence in Corpus)
        {
            builder.Add(sentence);
        }

        return builder.Build();
    }
}
