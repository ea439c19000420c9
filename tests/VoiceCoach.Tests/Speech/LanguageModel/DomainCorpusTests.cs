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

    private const string EvalAnswers = """
        company: acme
        answers:
          - id: dev-typed
            question_id: acme-why
            transcript: "Um, I rolled the canary back. It was, uh, my call."
            expected_grade: B
            expected_flags: [no_numbers, we_heavy]
            note: "a typed answer"
          - id: dev-asr
            question_id: acme-why
            transcript: "i was on kyle that week and the can airy failed"
            expected_grade: B
            expected_flags: []
            note: "recogniser style"
        """;

    private const string BankWithMisconceptions = """
        bank: acme-bank
        questions:
          - id: acme-team
            text: "What does the dream team mean to you?"
            misconceptions:
              - "The dream team means we are a family forever"
        """;

    private List<string> SentencesWithEvalAndBank(DomainTextOptions? options)
    {
        Directory.CreateDirectory(Path.Combine(Prompts, "eval", "dev"));
        Directory.CreateDirectory(Path.Combine(Prompts, "questions"));
        File.WriteAllText(Path.Combine(Prompts, "eval", "dev", "manifest.yaml"), EvalAnswers);
        File.WriteAllText(Path.Combine(Prompts, "questions", "acme-bank.yaml"), BankWithMisconceptions);
        return DomainCorpus.Sentences(Prompts, options).Select(s => string.Join(' ', s)).ToList();
    }

    [Fact]
    public void Sentences_Defaults_EvalAnswersAndMisconceptionsKeptLabelsLeftOut()
    {
        // Act
        var sentences = SentencesWithEvalAndBank(null);

        // Assert: both kinds of answer and the wrong idea (a candidate says it, the grader must hear it) teach the
        // recogniser; the grading labels ("no_numbers" read as "no numbers") do not.
        Assert.Contains("um i rolled the canary back", sentences);
        Assert.Contains("i was on kyle that week and the can airy failed", sentences);
        Assert.Contains("the dream team means we are a family forever", sentences);
        Assert.DoesNotContain("no numbers", sentences);
        Assert.DoesNotContain("we heavy", sentences);
    }

    [Fact]
    public void Sentences_EvalTypedMisconceptionsOff_RecogniserStyleAnswersAndWrongIdeasLeftOut()
    {
        // Act
        var sentences = SentencesWithEvalAndBank(DomainTextOptions.Parse("eval=typed,misconceptions=off"));

        // Assert
        Assert.Contains("um i rolled the canary back", sentences);
        Assert.Contains("what does the dream team mean to you", sentences);
        Assert.DoesNotContain(sentences, s => s.Contains("kyle", StringComparison.Ordinal));
        Assert.DoesNotContain(sentences, s => s.Contains("family", StringComparison.Ordinal));
    }

    [Fact]
    public void Sentences_EverythingOn_AsBeforeTheOptions()
    {
        // Act
        var sentences = SentencesWithEvalAndBank(new DomainTextOptions(EvalAnswerText.All, Misconceptions: true, Labels: true));

        // Assert
        Assert.Contains("um i rolled the canary back", sentences);
        Assert.Contains("i was on kyle that week and the can airy failed", sentences);
        Assert.Contains("the dream team means we are a family forever", sentences);
        Assert.Contains("no numbers", sentences);
    }

    [Fact]
    public void Sentences_JoinedOn_TypedAnswerOnceMoreAsOneRunRecogniserStyleNot()
    {
        // Act
        var joined = SentencesWithEvalAndBank(DomainTextOptions.Parse("joined=on"));
        var defaults = SentencesWithEvalAndBank(null);

        // Assert: the typed answer's sentences as before, and once more across its sentence end; the recogniser-style
        // answer (one run already) once.
        Assert.Contains("um i rolled the canary back", joined);
        Assert.Contains("it was uh my call", joined);
        Assert.Contains("um i rolled the canary back it was uh my call", joined);
        Assert.Single(joined, s => s.Contains("kyle", StringComparison.Ordinal));
        Assert.DoesNotContain("um i rolled the canary back it was uh my call", defaults);
        Assert.Equal(defaults.Count + 1, joined.Count);
    }

    [Fact]
    public void CacheKey_JoinedOff_AsBeforeTheSetting()
    {
        Assert.Equal("text eval=All misconceptions=True labels=False", DomainTextOptions.Default.CacheKey);
        Assert.Equal("text eval=All misconceptions=True labels=False joined=True", DomainTextOptions.Parse("joined=on").CacheKey);
    }

    [Fact]
    public void Sentences_EvalNone_NoTranscriptButTheBanksText()
    {
        // Act
        var sentences = SentencesWithEvalAndBank(DomainTextOptions.Parse("eval=none"));

        // Assert
        Assert.DoesNotContain(sentences, s => s.Contains("canary", StringComparison.Ordinal) || s.Contains("kyle", StringComparison.Ordinal));
        Assert.Contains("what does the dream team mean to you", sentences);
    }

    [Theory]
    [InlineData("i was on kyle that week and the can airy failed", true)]
    [InlineData("so um i'd say it's about context not control", true)]
    [InlineData("I was on call that week", false)]
    [InlineData("i was on call that week, and it failed", false)]
    [InlineData("yes.", false)]
    [InlineData("", false)]
    public void IsRecogniserStyle_LowerCaseWithoutPunctuation_True(string transcript, bool expected)
    {
        // Act
        var style = DomainTextOptions.IsRecogniserStyle(transcript);

        // Assert
        Assert.Equal(expected, style);
    }

    [Fact]
    public void Parse_Settings_ReadAndDefaultsKept()
    {
        // Act
        var parsed = DomainTextOptions.Parse("eval=typed, misconceptions=off");

        // Assert
        Assert.Equal(new DomainTextOptions(EvalAnswerText.Typed, Misconceptions: false, Labels: false), parsed);
        Assert.Equal(DomainTextOptions.Default, DomainTextOptions.Parse(null));
        Assert.Equal(DomainTextOptions.Default, DomainTextOptions.Parse("on"));
        Assert.Equal(EvalAnswerText.All, DomainTextOptions.Default.EvalAnswers);
        var error = Assert.Throws<TranscriptionException>(() => DomainTextOptions.Parse("eval=some"));
        Assert.Contains("eval=some", error.Message, StringComparison.Ordinal);
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
