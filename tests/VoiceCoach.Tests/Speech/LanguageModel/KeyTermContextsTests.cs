using VoiceCoach.Speech.LanguageModel;

namespace VoiceCoach.Tests.Speech.LanguageModel;

public sealed class KeyTermContextsTests : IDisposable
{
    private const string Company = """
        id: acme
        name: Acme
        aliases: ["ack me"]
        role:
          title: "ML Engineer"
          terms: ["houdini", "gpu*"]
        principles:
          - id: dream-team
            name: "Dream Team"
            description: "High performers."
            evidence: ["keeper test"]
        key_phrases:
          - phrase: "radical candor"
            variants: ["radical candour"]
            relates_to: dream-team
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("vc-terms-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Sentences_Terms_EachTermOnceInEveryContext()
    {
        // Act
        var sentences = KeyTermContexts.Sentences(["keeper test", "Keeper Test", "freedom & responsibility", "gpu*"])
            .Select(s => string.Join(' ', s))
            .ToList();

        // Assert
        Assert.Equal(2 * KeyTermContexts.Contexts.Count, sentences.Count); // the repeat and the bare stem give nothing
        Assert.Contains("keeper test", sentences);
        Assert.Contains("about keeper test and", sentences);
        Assert.Contains("i used freedom and responsibility for", sentences);
        Assert.Equal(KeyTermContexts.Contexts.Count, sentences.Distinct(StringComparer.Ordinal).Count(s => s.Contains("keeper test", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Sentences_FewerContexts_ThatManyPerTerm(int count)
    {
        // Act
        var sentences = KeyTermContexts.Sentences(["keeper test", "houdini"], count).Select(s => string.Join(' ', s)).ToList();

        // Assert
        Assert.Equal(2 * count, sentences.Count);
        Assert.Equal(count > 0, sentences.Contains("houdini"));
    }

    [Fact]
    public void Terms_CompanyPack_NameValuesMainKeyPhrasesAndRoleTermsNotVariantsOrAliases()
    {
        // Arrange
        Directory.CreateDirectory(Path.Combine(_root, "companies"));
        File.WriteAllText(Path.Combine(_root, "companies", "acme.yaml"), Company);

        // Act
        var terms = KeyTermContexts.Terms(_root);

        // Assert
        Assert.Equal(["Acme", "Dream Team", "radical candor", "houdini", "gpu*"], terms);
    }

    [Fact]
    public void BoostedWords_Terms_OnlyTheOneWordTermsNormalisedOnce()
    {
        // Act
        var words = KeyTermContexts.BoostedWords(["Acme", "Dream Team", "radical candor", "Candor", "candor", "houdini", "gpu*"]);

        // Assert
        Assert.Equal(["acme", "candor", "houdini"], words);
    }

    [Fact]
    public void Terms_PackTheLoaderRejects_NoTermsNoError()
    {
        // Arrange: no role, which the loader requires.
        Directory.CreateDirectory(Path.Combine(_root, "companies"));
        File.WriteAllText(Path.Combine(_root, "companies", "acme.yaml"), "id: acme\nname: Acme\n");

        // Act
        var terms = KeyTermContexts.Terms(_root);

        // Assert
        Assert.Empty(terms);
    }

    [Fact]
    public void Train_TermInContexts_LikelierAfterAWordItNeverFollowedInTheText()
    {
        // Arrange: "houdini" written once alone, as a role-term list gives it.
        List<IReadOnlyList<string>> text = [["we", "used", "the", "tool"], ["i", "used", "the", "model"], ["houdini"]];

        // Act
        var plain = DomainLanguageModel.Train(text);
        var boosted = DomainLanguageModel.Train(text.Concat(KeyTermContexts.Sentences(["houdini"])));

        // Assert
        var before = plain.Probability(["we", "used"], "houdini");
        var after = boosted.Probability(["we", "used"], "houdini");
        Assert.True(after > 3 * before, $"P(houdini | we used) {before} -> {after}");
    }
}
