using VoiceCoach.Speech.Adaptation;
using VoiceCoach.Speech.LanguageModel;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Speech.Adaptation;

public sealed class EnrollmentTests
{
    [Fact]
    public void Words_PunctuationHyphensAndCapitals_LowerCaseWordsOnly()
    {
        // Act
        var words = EnrollmentText.Words("Um, I'd say: human-in-the-loop \"works\".", 3);

        // Assert
        Assert.Equal(["um", "i'd", "say", "human", "in", "the", "loop", "works"], words);
    }

    [Fact]
    public void Words_Digits_ThrowsAskingForWords()
    {
        // Act
        var error = Assert.Throws<VoiceAdaptationException>(() => EnrollmentText.Words("It took 11 days.", 7));

        // Assert
        Assert.Contains("sentence 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("numbers in words", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sentences_Terms_GroupedInThreesAfterTheGeneralOnesOnceEach()
    {
        // Act
        var sentences = EnrollmentScript.Sentences(["Netflix", "keeper test", "Keeper Test", "context not control", "dream team"]);

        // Assert
        var general = EnrollmentScript.GeneralSentences();
        Assert.Equal(general.Count + 2, sentences.Count);
        Assert.Equal("We talked about Netflix, keeper test and context not control.", sentences[^2]);
        Assert.Equal("We talked about dream team.", sentences[^1]);
    }

    [Fact]
    public void GeneralSentences_Embedded_EnoughAndNoDigitsAndEveryWordInTheDictionary()
    {
        // Arrange
        var dictionary = DomainLanguageModel.ReadDictionary("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");

        // Act
        var sentences = EnrollmentScript.GeneralSentences();
        var unknown = sentences.SelectMany((s, i) => EnrollmentText.Words(s, i + 1)).Where(w => !dictionary.ContainsKey(w)).Distinct().ToList();

        // Assert
        Assert.InRange(sentences.Count, 30, 40);
        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("domain-speech")]
    [InlineData("domain-speech-dev")]
    public void GeneralSentences_DomainSpeechSets_ShareNoSentenceWithThem(string set)
    {
        // Arrange: the sets measure recognition of answers the adaptation never heard.
        var enrollment = EnrollmentScript.GeneralSentences().SelectMany(DomainCorpus.Split).Select(s => string.Join(' ', s)).ToHashSet(StringComparer.Ordinal);

        // Act
        var shared = Directory.GetFiles(RepoPaths.InRepo("tests", set, "texts"), "*.txt")
            .SelectMany(f => DomainCorpus.Split(File.ReadAllText(f)))
            .Select(s => string.Join(' ', s))
            .Where(s => s.Split(' ').Length >= 4 && enrollment.Contains(s))
            .ToList();

        // Assert
        Assert.Empty(shared);
    }

    [Fact]
    public void Average_BaumWelchCmnLines_MeanOfEachCoefficient()
    {
        // Arrange
        string[] log = ["INFO: something else", "INFO: cmn.c(133): CMN: 60.00  2.00 -4.00", "utt> 1 ...", "INFO: cmn.c(133): CMN: 62.00 -2.00 -2.00"];

        // Act
        var mean = CepstralMean.Average(log);

        // Assert
        Assert.Equal([61.0, 0.0, -3.0], mean);
    }

    [Fact]
    public void Average_NoCmnLines_Null()
    {
        // Act & Assert
        Assert.Null(CepstralMean.Average(["INFO: nothing"]));
    }
}
