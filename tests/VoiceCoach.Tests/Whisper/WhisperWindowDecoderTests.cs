using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

public sealed class WhisperWindowDecoderTests
{
    private static readonly WhisperTokenizer Tokenizer = TestVocabulary.TinyEn;
    private static readonly WhisperSpecialTokens S = Tokenizer.Special;
    private const int A = 1000;
    private const int B = 2000;
    private const int C = 3000;
    private const int D = 3001;
    private const int F = 3002;
    private const int E = 4000;

    [Theory]
    [InlineData(WhisperSamplingStrategy.Greedy, new[] { A, C })]
    [InlineData(WhisperSamplingStrategy.BeamSearch, new[] { B, E })]
    public void Decode_ScriptWhereFirstTokenMisleads_BeamFindsBetterSequenceThanGreedy(WhisperSamplingStrategy strategy, int[] expected)
    {
        var fake = new FakeWhisperInference(BeamScript);
        var options = new WhisperDecodingOptions { Timestamps = false, Strategy = strategy };
        var decoder = new WhisperWindowDecoder(Tokenizer, options, 448, 1500);
        using var encoding = fake.Encode(null!, 0, 1, default);

        var result = decoder.Decode(encoding, [], null, 0f, default);

        Assert.Equal(expected, result.Tokens.Select(t => t.Id));
        Assert.Equal(0, fake.OpenSessions);
    }

    [Fact]
    public void Decode_BeamSearch_SumLogProbIncludesEndOfText()
    {
        var fake = new FakeWhisperInference(BeamScript);
        var options = new WhisperDecodingOptions { Timestamps = false, Strategy = WhisperSamplingStrategy.BeamSearch };
        var decoder = new WhisperWindowDecoder(Tokenizer, options, 448, 1500);
        using var encoding = fake.Encode(null!, 0, 1, default);

        var result = decoder.Decode(encoding, [], null, 0f, default);

        Assert.Equal(Math.Log(0.4) + Math.Log(0.99), result.SumLogProb, 2);
        Assert.Equal(result.SumLogProb / 3, result.AvgLogProb, 6);
    }

    [Fact]
    public void Decode_ScriptWantsTextAfterClosingTimestamp_TimestampPairIsForced()
    {
        var beg = S.TimestampBegin;
        var fake = new FakeWhisperInference(step => step.Sampled.Count switch
        {
            0 => FakeWhisperInference.Logits(S.VocabularySize, (995, 5f), (beg, 0f)),
            1 => FakeWhisperInference.Logits(S.VocabularySize, (995, 5f)),
            2 => FakeWhisperInference.Logits(S.VocabularySize, (beg + 100, 3f), (995, 1f)),
            3 => FakeWhisperInference.Logits(S.VocabularySize, (995, 10f), (beg + 100, 0f), (S.EndOfText, -5f)),
            _ => FakeWhisperInference.Logits(S.VocabularySize, (S.EndOfText, 5f)),
        });
        var decoder = new WhisperWindowDecoder(Tokenizer, new WhisperDecodingOptions(), 448, 1500);
        using var encoding = fake.Encode(null!, 0, 1, default);

        var result = decoder.Decode(encoding, [], null, 0f, default);

        Assert.Equal([beg, 995, beg + 100, beg + 100], result.Tokens.Take(4).Select(t => t.Id));
    }

    [Fact]
    public void Decode_FirstLogits_GiveNoSpeechProbabilityBeforeFilters()
    {
        var fake = new FakeWhisperInference(step => step.Sampled.Count == 0
            ? FakeWhisperInference.Logits(S.VocabularySize, (S.NoSpeech, 0f), (995, 0f))
            : FakeWhisperInference.Logits(S.VocabularySize, (S.EndOfText, 5f)));
        var decoder = new WhisperWindowDecoder(Tokenizer, new WhisperDecodingOptions { Timestamps = false }, 448, 1500);
        using var encoding = fake.Encode(null!, 0, 1, default);

        var result = decoder.Decode(encoding, [], null, 0f, default);

        Assert.Equal(0.5, result.NoSpeechProbability, 3);
        Assert.Equal([995], result.Tokens.Select(t => t.Id));
        Assert.Equal(" world", result.Text);
    }

    [Fact]
    public void DecodeWithFallback_RepetitiveFirstAttempt_RetriesAtNextTemperature()
    {
        var the = Tokenizer.TokenId(" the")!.Value;
        var fake = new FakeWhisperInference(step => step.Attempt == 0
            ? FakeWhisperInference.Logits(S.VocabularySize, (the, 10f))
            : step.Sampled.Count == 0
                ? FakeWhisperInference.Logits(S.VocabularySize, (995, 40f))
                : FakeWhisperInference.Logits(S.VocabularySize, (S.EndOfText, 40f)));
        var decoder = new WhisperWindowDecoder(Tokenizer, new WhisperDecodingOptions { Timestamps = false }, 448, 1500);
        using var encoding = fake.Encode(null!, 0, 1, default);

        var result = decoder.DecodeWithFallback(encoding, [], null, default);

        Assert.Equal(0.2f, result.Temperature);
        Assert.Equal(" world", result.Text);
        Assert.Equal(2, fake.Prompts.Count);
    }

    [Fact]
    public void DecodeWithFallback_SilenceWithLowLogProb_KeepsFirstAttempt()
    {
        var fake = new FakeWhisperInference(step => step.Sampled.Count == 0
            ? FakeWhisperInference.Logits(S.VocabularySize, (S.NoSpeech, 10f), (995, 0f), (996, 0f), (997, 0f))
            : FakeWhisperInference.Logits(S.VocabularySize, (S.EndOfText, 0f), (995, 0f), (996, 0f), (997, 0f)));
        var decoder = new WhisperWindowDecoder(Tokenizer, new WhisperDecodingOptions { Timestamps = false }, 448, 1500);
        using var encoding = fake.Encode(null!, 0, 1, default);

        var result = decoder.DecodeWithFallback(encoding, [], null, default);

        Assert.True(result.NoSpeechProbability > 0.6);
        Assert.True(result.AvgLogProb < -1.0);
        Assert.Equal(0f, result.Temperature);
        Assert.Single(fake.Prompts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Decode_BestOfFiveAtTemperature_KeepsBestScoringSample(int seed)
    {
        // A and B are equally likely; after A the text ends surely, after B it wanders.
        var fake = new FakeWhisperInference(step => step.Sampled switch
        {
            [] => FakeWhisperInference.Logits(S.VocabularySize, (A, 0f), (B, 0f)),
            [A] => FakeWhisperInference.Logits(S.VocabularySize, (S.EndOfText, 20f)),
            [B] => FakeWhisperInference.Logits(S.VocabularySize, (C, 0f), (D, 0f), (E, 0f), (F, 0f)),
            _ => FakeWhisperInference.Logits(S.VocabularySize, (S.EndOfText, 20f)),
        });
        var decoder = new WhisperWindowDecoder(Tokenizer, new WhisperDecodingOptions { Timestamps = false, BestOf = 5, Seed = seed }, 448, 1500);
        using var encoding = fake.Encode(null!, 0, 1, default);

        var result = decoder.Decode(encoding, [], null, 1.0f, default);

        Assert.Equal([A], result.Tokens.Select(t => t.Id));
        Assert.Equal(1.0f, result.Temperature);
        Assert.Equal(0, fake.OpenSessions);
    }

    [Fact]
    public void CompressionRatio_RepeatedWords_IsAboveFallbackThreshold()
    {
        var repetitive = string.Concat(Enumerable.Repeat(" the", 50));

        Assert.True(WhisperWindowDecoder.CompressionRatio(repetitive) > 2.4);
        Assert.True(WhisperWindowDecoder.CompressionRatio(" And so my fellow Americans, ask not what your country can do for you.") < 2.4);
    }

    [Fact]
    public void InitialTokens_Multilingual_AddsLanguageAndTask()
    {
        var tokenizer = new WhisperTokenizer(Enumerable.Range(0, 50257).Select(i => new[] { (byte)(i % 256) }).ToList(), 51865);
        var decoder = new WhisperWindowDecoder(tokenizer, new WhisperDecodingOptions { Translate = true }, 448, 1500);

        var tokens = decoder.InitialTokens([11, 12], tokenizer.Special.Language("de"));

        Assert.Equal([50361, 11, 12, 50258, 50261, 50358], tokens);
    }

    private static float[] BeamScript(FakeStep step)
    {
        var n = S.VocabularySize;
        var s = step.Sampled;
        return s.Count switch
        {
            0 => FakeWhisperInference.Logits(n, (A, MathF.Log(0.6f)), (B, MathF.Log(0.4f))),
            1 when s[0] == A => FakeWhisperInference.Logits(n, (C, MathF.Log(0.35f)), (D, MathF.Log(0.35f)), (F, MathF.Log(0.3f))),
            1 when s[0] == B => FakeWhisperInference.Logits(n, (E, MathF.Log(0.99f)), (S.EndOfText, MathF.Log(0.01f))),
            _ => FakeWhisperInference.Logits(n, (S.EndOfText, 0f)),
        };
    }
}
