using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

public sealed class WhisperLogitFiltersTests
{
    private static readonly WhisperTokenizer Tokenizer = TestVocabulary.TinyEn;
    private static readonly WhisperSpecialTokens S = Tokenizer.Special;

    [Fact]
    public void Apply_FirstStep_AllowsOnlyTimestampsUpToMaxInitial()
    {
        var filters = new WhisperLogitFilters(Tokenizer, new WhisperDecodingOptions(), 1500);
        var logits = new float[S.VocabularySize];

        filters.Apply(logits, []);

        Assert.All(Enumerable.Range(0, S.TimestampBegin), i => Assert.Equal(float.NegativeInfinity, logits[i]));
        Assert.Equal(0f, logits[S.TimestampBegin + 50]);
        Assert.Equal(float.NegativeInfinity, logits[S.TimestampBegin + 51]);
    }

    [Fact]
    public void Apply_TextThenTimestamp_ForbidsTextAndEarlierTimestamps()
    {
        var filters = new WhisperLogitFilters(Tokenizer, new WhisperDecodingOptions(), 1500);
        var logits = FakeWhisperInference.Logits(S.VocabularySize, (995, 5f), (S.EndOfText, 0f), (S.TimestampBegin + 49, -1f), (S.TimestampBegin + 50, -1f));

        filters.Apply(logits, [S.TimestampBegin, 995, S.TimestampBegin + 50]);

        Assert.Equal(float.NegativeInfinity, logits[995]);
        Assert.Equal(0f, logits[S.EndOfText]);
        Assert.Equal(float.NegativeInfinity, logits[S.TimestampBegin + 49]);
        Assert.Equal(-1f, logits[S.TimestampBegin + 50]);
    }

    [Fact]
    public void Apply_TimestampPair_ForbidsTimestamps()
    {
        var filters = new WhisperLogitFilters(Tokenizer, new WhisperDecodingOptions(), 1500);
        var logits = new float[S.VocabularySize];

        filters.Apply(logits, [S.TimestampBegin, 995, S.TimestampBegin + 50, S.TimestampBegin + 50]);

        Assert.All(Enumerable.Range(S.TimestampBegin, 1501), i => Assert.Equal(float.NegativeInfinity, logits[i]));
        Assert.Equal(0f, logits[995]);
    }

    [Fact]
    public void Apply_OpenTimestampThenText_ClosingTimestampMustBeLater()
    {
        var filters = new WhisperLogitFilters(Tokenizer, new WhisperDecodingOptions(), 1500);
        var logits = new float[S.VocabularySize];

        filters.Apply(logits, [S.TimestampBegin + 10, 995]);

        Assert.Equal(float.NegativeInfinity, logits[S.TimestampBegin + 10]);
        Assert.Equal(0f, logits[S.TimestampBegin + 11]);
    }

    [Fact]
    public void Apply_TimestampMassAboveBestText_ForcesTimestamp()
    {
        var filters = new WhisperLogitFilters(Tokenizer, new WhisperDecodingOptions(), 1500);
        var logits = FakeWhisperInference.Logits(S.VocabularySize, (995, 2f));
        for (var i = S.TimestampBegin + 100; i < S.TimestampBegin + 120; i++)
        {
            logits[i] = 0f;
        }

        filters.Apply(logits, [S.TimestampBegin, 995]);

        Assert.Equal(float.NegativeInfinity, logits[995]);
        Assert.Equal(0f, logits[S.TimestampBegin + 110]);
    }

    [Fact]
    public void Apply_WithoutTimestamps_SuppressesBlankOnlyAtFirstStepAndAllTimestamps()
    {
        var filters = new WhisperLogitFilters(Tokenizer, new WhisperDecodingOptions { Timestamps = false }, 1500);
        var first = new float[S.VocabularySize];
        var later = new float[S.VocabularySize];

        filters.Apply(first, []);
        filters.Apply(later, [995]);

        Assert.Equal(float.NegativeInfinity, first[220]);
        Assert.Equal(float.NegativeInfinity, first[S.EndOfText]);
        Assert.Equal(0f, later[220]);
        Assert.Equal(0f, later[S.EndOfText]);
        Assert.Equal(float.NegativeInfinity, later[S.TimestampBegin + 5]);
        Assert.Equal(float.NegativeInfinity, later[S.NoTimestamps]);
        Assert.Equal(float.NegativeInfinity, later[S.StartOfPrev]);
        Assert.Equal(float.NegativeInfinity, later[S.StartOfLm]);
        Assert.Equal(float.NegativeInfinity, later[S.StartOfTranscript]);
    }

    [Fact]
    public void Apply_SuppressNonSpeech_SuppressesSymbolsButNotWords()
    {
        var filters = new WhisperLogitFilters(Tokenizer, new WhisperDecodingOptions { Timestamps = false, SuppressNonSpeechTokens = true }, 1500);
        var logits = new float[S.VocabularySize];
        var paren = Tokenizer.TokenId("(")!.Value;
        var quote = Tokenizer.TokenId(" \"")!.Value;

        filters.Apply(logits, [995]);

        Assert.Equal(float.NegativeInfinity, logits[paren]);
        Assert.Equal(float.NegativeInfinity, logits[quote]);
        Assert.Equal(float.NegativeInfinity, logits[Tokenizer.TokenId(" -")!.Value]);
        Assert.Equal(0f, logits[Tokenizer.TokenId("-")!.Value]);
        Assert.Equal(0f, logits[995]);
    }
}
