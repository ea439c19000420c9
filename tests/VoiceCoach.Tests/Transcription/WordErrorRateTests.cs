using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Tests.Transcription;

public sealed class WordErrorRateTests
{
    [Fact]
    public void Compute_IdenticalText_NoErrors()
    {
        var errors = WordErrorRate.Compute("go forward ten meters", "go forward ten meters");

        Assert.Equal(new WordErrors(4, 0, 0, 0), errors);
        Assert.Equal(0.0, errors.Rate);
    }

    [Fact]
    public void Compute_CaseAndPunctuationDiffer_NoErrors()
    {
        var errors = WordErrorRate.Compute(
            "And so, my fellow Americans: ask not what your country can do for you!",
            "and so my fellow americans ask not what your country can do for you");

        Assert.Equal(0, errors.Edits);
    }

    [Fact]
    public void Compute_OneWordReplaced_OneSubstitution()
    {
        var errors = WordErrorRate.Compute("ten of clubs", "ten of costs");

        Assert.Equal(new WordErrors(3, 1, 0, 0), errors);
        Assert.Equal(1 / 3.0, errors.Rate, 10);
    }

    [Fact]
    public void Compute_WordMissing_OneDeletion()
    {
        var errors = WordErrorRate.Compute("in eighteen thirteen", "eighteen thirteen");

        Assert.Equal(new WordErrors(3, 0, 1, 0), errors);
    }

    [Fact]
    public void Compute_WordAdded_OneInsertion()
    {
        var errors = WordErrorRate.Compute("he might even have been made amiable himself", "he might even have been made the amiable himself");

        Assert.Equal(new WordErrors(8, 0, 0, 1), errors);
    }

    [Fact]
    public void Compute_MixedEdits_CountsEachKind()
    {
        // "the horizon seems extremely distant" -> "the rice it seems extremely pissed that":
        // horizon->rice (S), +it (I), distant->pissed (S), +that (I).
        var errors = WordErrorRate.Compute("The horizon seems extremely distant.", "the rice it seems extremely pissed that");

        Assert.Equal(5, errors.ReferenceWords);
        Assert.Equal(4, errors.Edits);
        Assert.Equal(2, errors.Substitutions);
        Assert.Equal(2, errors.Insertions);
        Assert.Equal(0.8, errors.Rate, 10);
    }

    [Fact]
    public void Compute_EmptyHypothesis_AllDeletions()
    {
        var errors = WordErrorRate.Compute("has never been surpassed", string.Empty);

        Assert.Equal(new WordErrors(4, 0, 4, 0), errors);
        Assert.Equal(1.0, errors.Rate);
    }

    [Fact]
    public void Compute_EmptyReferenceAndHypothesis_RateZero()
    {
        Assert.Equal(0.0, WordErrorRate.Compute(string.Empty, " ").Rate);
    }

    [Fact]
    public void Compute_EmptyReferenceWithWords_RateOne()
    {
        var errors = WordErrorRate.Compute(string.Empty, "uh um");

        Assert.Equal(new WordErrors(0, 0, 0, 2), errors);
        Assert.Equal(1.0, errors.Rate);
    }

    [Fact]
    public void Compute_DigitsAgainstSpelledYear_NoErrors()
    {
        var errors = WordErrorRate.Compute(
            "the Gutenberg, or \"forty-two line Bible\" of about fourteen fifty-five,",
            "the gutenberg or 42 line bible of about 1455");

        Assert.Equal(0, errors.Edits);
    }

    [Fact]
    public void Add_TwoClips_SumsCountsSoRateIsTotalEditsOverTotalWords()
    {
        var total = new WordErrors(10, 1, 0, 0) + new WordErrors(30, 2, 1, 1);

        Assert.Equal(new WordErrors(40, 3, 1, 1), total);
        Assert.Equal(5 / 40.0, total.Rate, 10);
    }

    [Theory]
    [InlineData("Mr. John Dashwood", "mister john dashwood")]
    [InlineData("Mrs. Dashwood and Dr. Who", "missus dashwood and doctor who")]
    [InlineData("forty-two", "forty two")]
    [InlineData("picture-books, letter\u2014press", "picture books letter press")]
    [InlineData("I'M ABIGAIL", "i'm abigail")]
    [InlineData("don\u2019t 'quote' me", "don't quote me")]
    [InlineData("In 1813", "in eighteen thirteen")]
    [InlineData("about 1455.", "about fourteen fifty five")]
    [InlineData("5,000 users", "five thousand users")]
    [InlineData("3.5 seconds", "three point five seconds")]
    [InlineData("the 21st century", "the twenty first century")]
    [InlineData("50% less", "fifty percent less")]
    [InlineData("R&D", "r and d")]
    [InlineData("CI/CD", "ci cd")]
    [InlineData("  spaced \t out\n", "spaced out")]
    public void Normalize_WrittenForms_SpokenWords(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', WordErrorRate.Normalize(text)));
    }
}
