using VoiceCoach.Speech.LanguageModel;

namespace VoiceCoach.Tests.Speech.LanguageModel;

public sealed class DomainLanguageModelTests : IDisposable
{
    private static readonly Dictionary<string, string> HandWritten = new() { ["acme"] = "AE K M IY" };

    private readonly string _root = Directory.CreateTempSubdirectory("vc-domain-lm-").FullName;

    public DomainLanguageModelTests()
    {
        Directory.CreateDirectory(Path.Combine(Prompts, "questions"));
        File.WriteAllText(Path.Combine(Prompts, "questions", "bank.yaml"), "questions:\n  - id: acme-why\n    text: \"Why do you want to join Acme?\"\n");
        File.WriteAllText(Dictionary, "why W AY\ndo D UW\nyou Y UW\nwant W AA N T\nto T UW\njoin JH OY N\n");
    }

    private string Prompts => Path.Combine(_root, "prompts");

    private string Cache => Path.Combine(_root, "cache");

    private string Dictionary => Path.Combine(_root, "cmudict.dict");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // No festival in unit tests: words no rule covers are spelled.
    private DomainModelFiles Ensure(string prompts) =>
        DomainLanguageModel.Ensure(prompts, Cache, Dictionary, HandWritten, letterToSound: _ => new Dictionary<string, string>());

    [Fact]
    public void Ensure_FirstUse_BuildsArpaAndPronunciationsInTheCache()
    {
        // Act
        var files = Ensure(Prompts);

        // Assert
        Assert.StartsWith(Path.Combine(Cache, "domain-lm-" + files.Hash), files.ArpaPath, StringComparison.Ordinal);
        Assert.Contains("\\3-grams:", File.ReadAllText(files.ArpaPath), StringComparison.Ordinal);
        Assert.Equal("AE K M IY", files.Pronunciations["acme"]);
        Assert.DoesNotContain("join", files.Pronunciations.Keys);
    }

    [Fact]
    public void Ensure_PromptsUnchanged_ReusesTheCachedModel()
    {
        // Arrange
        var first = Ensure(Prompts);
        var written = File.GetLastWriteTimeUtc(first.ArpaPath);
        File.SetLastWriteTimeUtc(first.ArpaPath, written.AddHours(-1));

        // Act
        var second = Ensure(Prompts);

        // Assert: same key, and the file was not written again.
        Assert.Equal(first, second with { Pronunciations = first.Pronunciations });
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(second.ArpaPath));
    }

    [Fact]
    public void Ensure_CoachAddsACompanyPack_NewKeyAndTheNewWordsInTheModel()
    {
        // Arrange
        var before = Ensure(Prompts);
        Directory.CreateDirectory(Path.Combine(Prompts, "companies"));
        File.WriteAllText(Path.Combine(Prompts, "companies", "globex.yaml"), "id: globex\nname: Globex\nkey_phrases:\n  - phrase: \"customer obsession\"\n");

        // Act
        var after = Ensure(Prompts);

        // Assert
        Assert.NotEqual(before.Hash, after.Hash);
        Assert.Contains("\tcustomer obsession", File.ReadAllText(after.ArpaPath), StringComparison.Ordinal);
        Assert.DoesNotContain("obsession", File.ReadAllText(before.ArpaPath), StringComparison.Ordinal);
        Assert.True(after.Pronunciations.ContainsKey("globex"));
    }

    [Fact]
    public void Ensure_OtherTermContexts_AnotherCachedModel()
    {
        // Act
        var all = Ensure(Prompts);
        var none = DomainLanguageModel.Ensure(Prompts, Cache, Dictionary, HandWritten, letterToSound: _ => new Dictionary<string, string>(), termContexts: 0);

        // Assert
        Assert.NotEqual(all.Hash, none.Hash);
        Assert.Throws<ArgumentOutOfRangeException>(() => DomainLanguageModel.Ensure(Prompts, Cache, Dictionary, HandWritten, termContexts: 13));
    }

    [Fact]
    public void Ensure_OtherFillerSpacing_AnotherCachedModelWithoutFillers()
    {
        // Act
        var spaced = Ensure(Prompts);
        var none = DomainLanguageModel.Ensure(Prompts, Cache, Dictionary, HandWritten, letterToSound: _ => new Dictionary<string, string>(), fillerSpacing: 0);

        // Assert
        Assert.NotEqual(spaced.Hash, none.Hash);
        Assert.Contains("\tum", File.ReadAllText(spaced.ArpaPath), StringComparison.Ordinal);
        Assert.DoesNotContain("\tum", File.ReadAllText(none.ArpaPath), StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => DomainLanguageModel.Ensure(Prompts, Cache, Dictionary, HandWritten, fillerSpacing: 101));
    }

    [Fact]
    public void Ensure_OtherTextOptions_AnotherCachedModel()
    {
        // Act
        var defaults = Ensure(Prompts);
        var typed = DomainLanguageModel.Ensure(Prompts, Cache, Dictionary, HandWritten, letterToSound: _ => new Dictionary<string, string>(), text: DomainTextOptions.Parse("eval=typed"));

        // Assert
        Assert.NotEqual(defaults.Hash, typed.Hash);
        Assert.Equal(defaults.Hash, DomainLanguageModel.Ensure(Prompts, Cache, Dictionary, HandWritten, text: DomainTextOptions.Default).Hash);
    }

    [Fact]
    public void Ensure_PromptsFolderMissing_ThrowsNamingIt()
    {
        // Act
        var error = Assert.Throws<VoiceCoach.Core.Transcription.TranscriptionException>(
            () => Ensure(Path.Combine(_root, "nope")));

        // Assert
        Assert.Contains(Path.Combine(_root, "nope"), error.Message, StringComparison.Ordinal);
    }
}
