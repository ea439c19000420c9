using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class SphinxCepstralMeanTests
{
    [Fact]
    public void ParseInit_ModelsSetting_ReadsEveryValueInvariantly()
    {
        // Act
        var values = SphinxCepstralMean.ParseInit("41.00,-5.29,-0.12");

        // Assert
        Assert.Equal([41.00f, -5.29f, -0.12f], values);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("41.00,x,-0.12")]
    public void ParseInit_MissingOrBad_Empty(string? text)
    {
        // Act
        var values = SphinxCepstralMean.ParseInit(text);

        // Assert: an empty expectation makes Find return null, so the decoder keeps its running mean.
        Assert.Empty(values);
    }

    [Fact]
    public void ResetCepstralMean_Default_On()
    {
        // Act
        var options = new SphinxOptions();

        // Assert
        Assert.True(options.ResetCepstralMean);
    }
}
