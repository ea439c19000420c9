using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

public sealed class WhisperProcessorTests
{
    private static readonly WhisperTokenizer Tokenizer = TestVocabulary.TinyEn;
    private static readonly WhisperSpecialTokens S = Tokenizer.Special;
    private static readonly int Beg = S.TimestampBegin;
    private static readonly int Hello = Tokenizer.Encode(" Hello")[0];
    private static readonly int Again = Tokenizer.Encode(" again")[0];
    private const int World = 995;

    [Fact]
    public async Task ProcessAsync_TwoWindows_SegmentsAtPairsAndSeeksToLastTimestampAsync()
    {
        var fake = new FakeWhisperInference(step => step.Window == 0
            ? Target(step, Beg, Hello, Beg + 250, Beg + 250, World, Beg + 1000, Beg + 1000, S.EndOfText)
            : Target(step, Beg, Again, Beg + 500, S.EndOfText));
        await using var processor = Builder(fake).Build();

        var segments = await CollectAsync(processor, Seconds(45));

        Assert.Equal([0, 2000], fake.EncodeOffsets);
        Assert.Equal(
            [(0.0, 5.0, " Hello"), (5.0, 20.0, " world"), (20.0, 30.0, " again")],
            segments.Select(s => (s.Start.TotalSeconds, s.End.TotalSeconds, s.Text)));
        Assert.Equal(0, fake.OpenSessions);
    }

    [Fact]
    public async Task ProcessAsync_Prompt_FedAfterStartOfPrevWithPreviousWindowTextAsync()
    {
        var fake = new FakeWhisperInference(step => step.Window == 0
            ? Target(step, Beg, Hello, Beg + 1000, Beg + 1000, S.EndOfText)
            : Target(step, Beg, Again, Beg + 500, S.EndOfText));
        await using var processor = Builder(fake).WithPrompt("Um, uh, so, like...").Build();
        var prompt = Tokenizer.Encode(" Um, uh, so, like...");

        await CollectAsync(processor, Seconds(45));

        Assert.Equal([S.StartOfPrev, .. prompt, S.StartOfTranscript], fake.Prompts[0]);
        Assert.Equal([S.StartOfPrev, .. prompt, Beg, Hello, Beg + 1000, Beg + 1000, S.StartOfTranscript], fake.Prompts[1]);
        Assert.Contains(Tokenizer.TokenId(" um") ?? -1, Tokenizer.Encode(" um, uh"));
    }

    [Fact]
    public async Task ProcessAsync_LongPreviousText_TrimmedSoInitialPromptStaysFirstAsync()
    {
        var window0 = new List<int> { Beg };
        window0.AddRange(Enumerable.Repeat(Hello, 220));
        window0.AddRange([Beg + 1000, Beg + 1000, S.EndOfText]);
        var fake = new FakeWhisperInference(step => step.Window == 0
            ? Target(step, [.. window0])
            : Target(step, Beg, Again, Beg + 500, S.EndOfText));
        await using var processor = Builder(fake).WithPrompt("Um, uh").WithoutTemperatureFallback().Build();
        var prompt = Tokenizer.Encode(" Um, uh");

        await CollectAsync(processor, Seconds(45));

        Assert.Equal([S.StartOfPrev, .. prompt, Hello], fake.Prompts[1].Take(prompt.Count + 2));
        Assert.Equal(1 + 223 + 1, fake.Prompts[1].Count);
        Assert.Equal([Beg + 1000, Beg + 1000, S.StartOfTranscript], fake.Prompts[1].TakeLast(3));
    }

    [Fact]
    public async Task ProcessAsync_NoContext_SecondWindowGetsOnlyInitialPromptAsync()
    {
        var fake = new FakeWhisperInference(step => step.Window == 0
            ? Target(step, Beg, Hello, Beg + 1000, Beg + 1000, S.EndOfText)
            : Target(step, Beg, Again, Beg + 500, S.EndOfText));
        await using var processor = Builder(fake).WithPrompt("Um").WithNoContext().Build();

        await CollectAsync(processor, Seconds(45));

        Assert.Equal(fake.Prompts[0], fake.Prompts[1]);
    }

    [Fact]
    public async Task ProcessAsync_CancelledWhileDecoding_StopsWithOperationCanceledAsync()
    {
        using var cts = new CancellationTokenSource();
        var fake = new FakeWhisperInference(step => FakeWhisperInference.Logits(S.VocabularySize, (step.Sampled.Count % 2 == 0 ? Beg + step.Sampled.Count : Hello, 10f)));
        fake.OnDecode = count =>
        {
            if (count == 5)
            {
                cts.Cancel();
            }
        };
        await using var processor = Builder(fake).Build();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(processor, Seconds(10), cts.Token));
        Assert.Equal(5, fake.Decodes);
    }

    [Fact]
    public async Task ProcessAsync_NoSpeechWindow_IsSkippedAsync()
    {
        var fake = new FakeWhisperInference(step => step.Sampled.Count == 0
            ? FakeWhisperInference.Logits(S.VocabularySize, (S.NoSpeech, 10f), (Beg, 0f), (Beg + 1, 0f), (Beg + 2, 0f))
            : FakeWhisperInference.Logits(S.VocabularySize, (Hello, 0f), (World, 0f), (Again, 0f), (S.EndOfText, -1f)));
        await using var processor = Builder(fake).Build();

        var segments = await CollectAsync(processor, Seconds(5));

        Assert.Empty(segments);
    }

    [Fact]
    public async Task ProcessAsync_TokenTimestamps_WordsWithPunctuationInsideSegmentAsync()
    {
        var comma = Tokenizer.TokenId(",")!.Value;
        var bang = Tokenizer.TokenId("!")!.Value;
        var fake = new FakeWhisperInference(step => Target(step, Beg, Hello, comma, World, bang, Beg + 100, S.EndOfText));
        await using var processor = Builder(fake).WithTokenTimestamps().Build();

        var segments = await CollectAsync(processor, Seconds(5));

        var segment = Assert.Single(segments);
        Assert.Equal(" Hello, world!", segment.Text);
        Assert.Equal(2.0, segment.End.TotalSeconds, 3);
        Assert.Equal(["Hello,", "world!"], segment.Words.Select(w => w.Text));
        var previousEnd = TimeSpan.Zero;
        foreach (var word in segment.Words)
        {
            Assert.True(word.Start >= previousEnd && word.End >= word.Start && word.End <= segment.End, $"{word}");
            Assert.InRange(word.Probability, 0.99f, 1f);
            previousEnd = word.End;
        }
    }

    [Fact]
    public async Task ProcessAsync_WithoutTimestamps_OneSegmentPerWindowAsync()
    {
        var fake = new FakeWhisperInference(step => Target(step, Hello, World, S.EndOfText));
        await using var processor = Builder(fake).WithoutTimestamps().WithBeamSearchSamplingStrategy().Build();

        var segments = await CollectAsync(processor, Seconds(8));

        var segment = Assert.Single(segments);
        Assert.Equal((0.0, 8.0, " Hello world"), (segment.Start.TotalSeconds, segment.End.TotalSeconds, segment.Text));
        Assert.Equal(S.NoTimestamps, fake.Prompts[0][^1]);
    }

    [Fact]
    public async Task ProcessAsync_MultilingualAutoLanguage_DetectsFromLanguageLogitsAsync()
    {
        var vocabulary = Enumerable.Range(0, 50257).Select(i => new[] { (byte)'a', (byte)(i % 256), (byte)(i / 256) }).ToList();
        var tokenizer = new WhisperTokenizer(vocabulary, 51865);
        var s = tokenizer.Special;
        var german = s.Language("de")!.Value;
        var fake = new FakeWhisperInference(
            step => step.Prompt is [var only] && only == s.StartOfTranscript
                ? FakeWhisperInference.Logits(51865, (german, 5f), (s.Language("en")!.Value, 4f))
                : FakeWhisperInference.Logits(51865, (step.Sampled.Count switch { 0 => s.TimestampBegin, 1 => 300, 2 => s.TimestampBegin + 100, _ => s.EndOfText }, 10f)),
            51865);
        await using var processor = new WhisperProcessorBuilder(fake, tokenizer).WithLanguage("auto").Build();

        var segments = await CollectAsync(processor, Seconds(5));

        Assert.Equal([s.StartOfTranscript], fake.Prompts[0]);
        Assert.Equal([s.StartOfTranscript, german, s.Transcribe], fake.Prompts[1]);
        Assert.Single(segments);
    }

    private static WhisperProcessorBuilder Builder(FakeWhisperInference fake) => new(fake, Tokenizer);

    private static float[] Target(FakeStep step, params int[] target) =>
        FakeWhisperInference.Logits(S.VocabularySize, (target[Math.Min(step.Sampled.Count, target.Length - 1)], 10f));

    private static float[] Seconds(double seconds) => new float[(int)(seconds * 16000)];

    private static async Task<List<WhisperSegment>> CollectAsync(WhisperProcessor processor, float[] samples, CancellationToken cancellationToken = default)
    {
        var list = new List<WhisperSegment>();
        await foreach (var segment in processor.ProcessAsync(samples, cancellationToken))
        {
            list.Add(segment);
        }

        return list;
    }
}
