using VoiceCoach.Speech.LanguageModel;

namespace VoiceCoach.Tests.Speech.LanguageModel;

public sealed class PronouncerTests
{
    private static readonly Dictionary<string, string> Dictionary = new(StringComparer.Ordinal)
    {
        ["eye"] = "AY",
        ["line"] = "L AY N",
        ["comfy"] = "K AH M F IY",
        ["ui"] = "Y UW AY",
        ["ops"] = "AA P S",
        ["candor"] = "K AE N D ER",
        ["optimized"] = "AA P T AH M AY Z D",
        ["keeper"] = "K IY P ER",
        ["test"] = "T EH S T",
        ["the"] = "DH AH",
    };

    [Theory]
    [InlineData("eyeline", "AY L AY N", "compound")]
    [InlineData("comfyui", "K AH M F IY Y UW AY", "compound")]
    [InlineData("mlops", "EH M EH L AA P S", "letters + word")]
    [InlineData("vfx", "V IY EH F EH K S", "letters (acronym)")]
    [InlineData("gpus", "JH IY P IY Y UW Z", "letters (acronym plural)")]
    [InlineData("keeper's", "K IY P ER Z", "possessive")]
    [InlineData("test's", "T EH S T S", "possessive")]
    [InlineData("candour", "K AE N D ER", "american spelling")]
    [InlineData("optimised", "AA P T AH M AY Z D", "american spelling")]
    [InlineData("kubernetes", "K UW B ER N EH T IY Z", "festival")]
    [InlineData("zxqwvbn", "Z IY EH K S K Y UW D AH B AH L Y UW V IY B IY EH N", "letters (acronym)")]
    public void PronounceMissing_UnknownWord_UsesTheFirstRuleThatFits(string word, string phones, string method)
    {
        // Arrange
        var festival = new Dictionary<string, string> { ["kubernetes"] = "K UW B ER N EH T IY Z" };
        var pronouncer = new Pronouncer(w => Dictionary.GetValueOrDefault(w), letterToSound: _ => festival);

        // Act
        var result = pronouncer.PronounceMissing([word]);

        // Assert
        Assert.Equal(phones, result[word]);
        Assert.Equal(method, pronouncer.Methods[word]);
    }

    [Fact]
    public void PronounceMissing_KnownAndHandWrittenWords_KnownLeftOutHandWrittenWins()
    {
        // Arrange
        var pronouncer = new Pronouncer(w => Dictionary.GetValueOrDefault(w), new Dictionary<string, string> { ["netflix"] = "N EH T F L IH K S" }, _ => new Dictionary<string, string>());

        // Act
        var result = pronouncer.PronounceMissing(["the", "netflix", "the"]);

        // Assert
        Assert.Equal(["netflix"], result.Keys);
        Assert.Equal("N EH T F L IH K S", result["netflix"]);
    }

    [Fact]
    public void PronounceMissing_LetterToSoundHasNothing_SpellsTheWord()
    {
        // Arrange: festival missing.
        var pronouncer = new Pronouncer(w => Dictionary.GetValueOrDefault(w), letterToSound: _ => new Dictionary<string, string>());

        // Act
        var result = pronouncer.PronounceMissing(["houdini"]);

        // Assert
        Assert.Equal(Pronouncer.Spell("houdini"), result["houdini"]);
        Assert.Equal("letters", pronouncer.Methods["houdini"]);
    }

    [Fact]
    public void ParseFestival_LexLookupOutput_CmuPhonesWithoutStress()
    {
        // Arrange
        const string output = "(\"netflix\" nil (((n eh t) 1) ((f l ih k s) 0)))\n(\"pytorch\" nil (((p ax) 1) ((t ao r ch) 1)))\n";

        // Act
        var phones = Pronouncer.ParseFestival(output);

        // Assert
        Assert.Equal("N EH T F L IH K S", phones["netflix"]);
        Assert.Equal("P AH T AO R CH", phones["pytorch"]);
    }
}
