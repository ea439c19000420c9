using System.Text.RegularExpressions;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>What PocketSphinx hears in the committed samples/answers, as the grader will see it.</summary>
public sealed class SphinxSamplesTests(SphinxFixture fixture) : IClassFixture<SphinxFixture>
{
    [SphinxFact]
    public async Task TranscribeAsync_RambleSample_HearsSpokenFillersAndCloseToTheText()
    {
        var clip = await SoxClipLoader.LoadAsync(RepoPaths.InRepo("samples", "answers", "05-mlops-ramble.wav"), CancellationToken.None);
        var reference = await File.ReadAllTextAsync(RepoPaths.InRepo("samples", "answers", "05-mlops-ramble.txt"));

        var transcript = await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None);

        // Festival's "um"/"uh" come out as "'em", "i'm", "and": only the worded fillers survive.
        var text = transcript.Text;
        Assert.True(Count(text, "you know") >= 5, text);
        Assert.True(Count(text, "basically") >= 4, text);
        Assert.True(Count(text, "sort of") >= 3, text);
        Assert.InRange(WordErrorRate.Compute(reference, text).Rate, 0.0, 0.4);
        Assert.InRange(transcript.Words[^1].End, clip.Duration - TimeSpan.FromSeconds(2), clip.Duration);
    }

    private static int Count(string text, string phrase) => Regex.Matches(text, $@"\b{phrase}\b").Count;
}
