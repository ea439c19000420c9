using System.Diagnostics;
using VoiceCoach.Whisper;
using Xunit.Abstractions;

namespace VoiceCoach.Tests.Whisper;

/// <summary>
/// The whole pipeline on the seeded random-weights tiny.en model. Its text is nonsense by design, so
/// these check structure: valid tokens, segments inside the audio and in order, word times inside
/// their segment, cancellation part-way through a window.
/// </summary>
public sealed class WhisperEndToEndTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(WhisperSamplingStrategy.Greedy)]
    [InlineData(WhisperSamplingStrategy.BeamSearch)]
    public async Task ProcessAsync_JfkOnRandomModel_SegmentsAreWellFormedAsync(WhisperSamplingStrategy strategy)
    {
        using var factory = WhisperFactory.FromPath(WhisperGolden.Model());
        var builder = factory.CreateBuilder().WithThreads(2).WithTokenTimestamps().WithoutTemperatureFallback().WithPrompt("Um, uh, so, like...");
        // Random weights never say end-of-text; a token cap keeps the five-beam run short.
        builder = strategy == WhisperSamplingStrategy.BeamSearch
            ? builder.WithBeamSearchSamplingStrategy(5).WithMaxTokensPerWindow(24)
            : builder.WithGreedySamplingStrategy();
        await using var processor = builder.Build();
        var samples = WhisperGolden.Samples("jfk");
        var duration = TimeSpan.FromSeconds(samples.Length / 16000.0);
        var watch = Stopwatch.StartNew();

        var segments = new List<WhisperSegment>();
        await foreach (var segment in processor.ProcessAsync(samples))
        {
            segments.Add(segment);
            output.WriteLine($"[{segment.Start} → {segment.End}] p(nosp)={segment.NoSpeechProbability:F3} avglp={segment.AvgLogProb:F3} T={segment.Temperature} {segment.Tokens.Count} tokens: {segment.Text}");
        }

        output.WriteLine($"{strategy}: {segments.Count} segments in {watch.ElapsedMilliseconds} ms");
        var previousStart = TimeSpan.Zero;
        foreach (var segment in segments)
        {
            Assert.InRange(segment.Start, previousStart, duration);
            Assert.InRange(segment.End, segment.Start, duration);
            Assert.All(segment.Tokens, t => Assert.InRange(t, 0, factory.Tokenizer.VocabularySize - 1));
            Assert.DoesNotContain(factory.Tokenizer.Special.EndOfText, segment.Tokens);
            var wordStart = segment.Start;
            foreach (var word in segment.Words)
            {
                Assert.InRange(word.Start, wordStart, segment.End);
                Assert.InRange(word.End, word.Start, segment.End);
                Assert.InRange(word.Probability, 0f, 1f);
                wordStart = word.Start;
            }

            previousStart = segment.Start;
        }
    }

    [Fact]
    public async Task ProcessAsync_CancelledDuringFirstWindow_StopsQuicklyAsync()
    {
        using var factory = WhisperFactory.FromPath(WhisperGolden.Model());
        await using var processor = factory.CreateBuilder().WithThreads(2).Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in processor.ProcessAsync(WhisperGolden.Samples("jfk"), cts.Token))
            {
            }
        });

        output.WriteLine($"cancelled after {watch.ElapsedMilliseconds} ms");
        // Generous: uncancelled, random weights decode the whole clip for minutes; a loaded machine must not fail this.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }
}
