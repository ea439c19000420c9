using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.LanguageModel;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Speech.LanguageModel;

public sealed class DomainCorpusTests : IDisposable
{
    private const string Company = """
        id: acme
        name: Acme
        principles:
          - id: dream-team
            name: "Dream Team"
            description: "High performers. Stunning colleagues!"
            evidence: ["rais* the bar", "keeper test"]
        red_flags:
          - id: salary
            patterns: ["more money"]
            why: "Leading with pay reads badly."
            severity: high
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("vc-corpus-").FullName;

    private string Prompts => Path.Combine(_root, "prompts");

    public DomainCorpusTests()
    {
        Directory.CreateDirectory(Path.Combine(Prompts, "companies"));
        Directory.CreateDirectory(Path.Combine(Prompts, "grading"));
        File.WriteAllText(Path.Combine(Prompts, "companies", "acme.yaml"), Company);
        File.WriteAllText(Path.Combine(Prompts, "grading", "review.yaml"), "template: \"grade the answer and reply in json\"\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Sentences_CompanyPack_TextKeptIdsNotesAndStemsLeftOut()
    {
        // Act
        var sentences = DomainCorpus.Sentences(Prompts).Select(s => string.Join(' ', s)).ToList();

        // Assert
        Assert.Contains("acme", sentences);
        Assert.Contains("dream team", sentences);
        Assert.Contains("high performers", sentences);
        Assert.Contains("stunning colleagues", sentences);
        Assert.Contains("the bar", sentences);
        Assert.Contains("keeper test", sentences);
        Assert.Contains("more money", sentences);
        Assert.DoesNotContain("salary", sentences); // an id
        Assert.DoesNotContain("high", sentences); // severity
        Assert.DoesNotContain(sentences, s => s.Contains("pay reads", StringComparison.Ordinal)); // why: the coach's note
        Assert.DoesNotContain(sentences, s => s.Contains("json", StringComparison.Ordinal)); // grading prompts are not speech
    }

    [Fact]
    public void Sentences_GradersMatchLists_LeftOutOfTheModelsText()
    {
        // Arrange: a bank whose question carries the grader's match lists beside its spoken text.
        Directory.CreateDirectory(Path.Combine(Prompts, "questions"));
        File.WriteAllText(Path.Combine(Prompts, "questions", "acme-bank.yaml"), """
            bank: acme-bank
            questions:
              - id: acme-launch
                text: "Tell me about a launch you pushed back on."
                asks_for:
                  - name: the aardvark wrangler
                    phrases: [zebra crossing, "quokka*"]
                wrong_claims:
                  - about: [walrus]
                    says: [narwhal]
                    why: "the right way round"
            """);
        File.AppendAllText(Path.Combine(Prompts, "companies", "acme.yaml"), "\n    heard_as: [\"platypus\"]\n");

        // Act
        var sentences = DomainCorpus.Sentences(Prompts).Select(s => string.Join(' ', s)).ToList();

        // Assert: the question is speech; the synonym lists, claim words and a red flag's everyday words are not.
        Assert.Contains(sentences, s => s.Contains("a launch you pushed back on", StringComparison.Ordinal));
        Assert.Contains("more money", sentences);
        foreach (var word in new[] { "zebra", "quokka", "aardvark", "walrus", "narwhal", "platypus" })
        {
            Assert.False(sentences.Any(s => s.Contains(word, StringComparison.Ordinal)), $"\"{word}\" is in the text: {string.Join(" | ", sentences.Where(s => s.Contains(word, StringComparison.Ordinal)))}");
        }
    }

    [Fact]
    public void Split_NumbersAndPunctuation_SpelledAndSplitAsTheRecogniserWrites()
    {
        // Act
        var sentences = DomainCorpus.Split("We cut 40% of on-call pages. Then we shipped!").Select(s => string.Join(' ', s)).ToList();

        // Assert
        Assert.Equal(["we cut forty percent of on call pages", "then we shipped"], sentences);
    }

    [Fact]
    public void Hash_PromptsEdited_Changes()
    {
        // Arrange
        var before = DomainCorpus.Hash(Prompts, []);

        // Act
        File.AppendAllText(Path.Combine(Prompts, "companies", "acme.yaml"), "soundbites:\n  - text: \"I love hard problems\"\n");
        var after = DomainCorpus.Hash(Prompts, []);

        // Assert
        Assert.NotEqual(before, after);
        Assert.Equal(after, DomainCorpus.Hash(Prompts, []));
    }

    [Fact]
    public void Hash_GradingPromptEdited_Unchanged()
    {
        // Arrange
        var before = DomainCorpus.Hash(Prompts, []);

        // Act
        File.AppendAllText(Path.Combine(Prompts, "grading", "review.yaml"), "# a comment\n");

        // Assert
        Assert.Equal(before, DomainCorpus.Hash(Prompts, []));
    }

    [Theory]
    [InlineData("domain-speech", 20)]
    [InlineData("domain-speech-dev", 12)]
    [InlineData("domain-speech-terms", 14)]
    [InlineData("domain-speech-fillers", 15)]
    [InlineData("domain-speech-values", 30)]
    public void Sentences_DomainTestAndDevSets_NoSentenceOfThemIsInTheModelsText(string set, int expectedTexts)
    {
        // Arrange: the test set must measure recognition of new answers, not recall of the training text; the dev
        // set (settings are tuned on it) likewise, or tuning would favour recall over recognition.
        var corpus = DomainCorpus.Sentences(RepoPaths.InRepo("prompts")).Select(s => string.Join(' ', s)).ToHashSet(StringComparer.Ordinal);
        var texts = Directory.GetFiles(RepoPaths.InRepo("tests", set, "texts"), "*.txt");

        // Act
        var shared = texts.SelectMany(f => DomainCorpus.Split(File.ReadAllText(f)))
            .Select(s => string.Join(' ', s))
            .Where(s => s.Split(' ').Length >= 4 && corpus.Contains(s))
            .ToList();

        // Assert
        Assert.Equal(expectedTexts, texts.Length);
        Assert.Empty(shared);
    }

    [Theory]
    [InlineData("domain-speech-dev")]
    [InlineData("domain-speech-terms")]
    [InlineData("domain-speech-fillers")]
    [InlineData("domain-speech-values")]
    public void Texts_DevAndTestSets_ShareNoSentence(string devSet)
    {
        // Arrange: figures tuned on the dev set say nothing about the test set if the two overlap.
        static HashSet<string> SentencesOf(string set) => Directory.GetFiles(RepoPaths.InRepo("tests", set, "texts"), "*.txt")
            .SelectMany(f => DomainCorpus.Split(File.ReadAllText(f)))
            .Select(s => string.Join(' ', s))
            .Where(s => s.Split(' ').Length >= 4)
            .ToHashSet(StringComparer.Ordinal);

        // Act
        var shared = SentencesOf("domain-speech");
        shared.IntersectWith(SentencesOf(devSet));

        // Assert
        Assert.Empty(shared);
    }

    [Fact]
    public void Sentences_RealPrompts_IncludeFillersAndTheKeyPhrases()
    {
        // Act
        var words = DomainCorpus.Sentences(RepoPaths.InRepo("prompts")).SelectMany(s => s).ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.Superset(new HashSet<string>(["um", "uh", "like", "know", "netflix", "eyeline", "candor", "keeper"]), words);
        Assert.DoesNotContain(WordErrorRate.Normalize("netflix-recruiter-values-judgment")[0] + "-recruiter", words);
    }
}
