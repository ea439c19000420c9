using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Tests.Transcription;

public sealed class NumberWordsTests
{
    [Theory]
    [InlineData(0, "zero")]
    [InlineData(7, "seven")]
    [InlineData(13, "thirteen")]
    [InlineData(40, "forty")]
    [InlineData(42, "forty two")]
    [InlineData(100, "one hundred")]
    [InlineData(305, "three hundred five")]
    [InlineData(1000, "one thousand")]
    [InlineData(5000, "five thousand")]
    [InlineData(1_234_567, "one million two hundred thirty four thousand five hundred sixty seven")]
    [InlineData(-3, "minus three")]
    public void Cardinal_Number_SpelledAsSaid(long n, string expected)
    {
        Assert.Equal(expected, NumberWords.Cardinal(n));
    }

    [Theory]
    [InlineData(1455, "fourteen fifty five")]
    [InlineData(1813, "eighteen thirteen")]
    [InlineData(1900, "nineteen hundred")]
    [InlineData(1905, "nineteen oh five")]
    [InlineData(2005, "two thousand five")]
    [InlineData(2024, "twenty twenty four")]
    [InlineData(1000, "one thousand")]
    public void Year_FourDigits_SaidInPairs(int n, string expected)
    {
        Assert.Equal(expected, NumberWords.Year(n));
    }

    [Theory]
    [InlineData(1, "first")]
    [InlineData(2, "second")]
    [InlineData(3, "third")]
    [InlineData(12, "twelfth")]
    [InlineData(20, "twentieth")]
    [InlineData(21, "twenty first")]
    [InlineData(100, "one hundredth")]
    public void Ordinal_Number_SpelledAsSaid(long n, string expected)
    {
        Assert.Equal(expected, NumberWords.Ordinal(n));
    }

    [Theory]
    [InlineData("1455", "", "fourteen fifty five")]
    [InlineData("5,000", "", "five thousand")]
    [InlineData("3.25", "", "three point two five")]
    [InlineData("22", "nd", "twenty second")]
    [InlineData("4155551234123456", "", "four one five five five five one two three four one two three four five six")]
    public void Spell_DigitsAsWritten_Words(string digits, string suffix, string expected)
    {
        Assert.Equal(expected, NumberWords.Spell(digits, suffix));
    }
}
