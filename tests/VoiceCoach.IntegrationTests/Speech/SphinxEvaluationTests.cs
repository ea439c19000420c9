using VoiceCoach.Speech.Evaluation;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// Word error rate of PocketSphinx over ../shared/speech/transcripts.tsv. The report goes to the
/// test output (dotnet test --logger "console;verbosity=detailed"); the bound guards regressions.
/// </summary>
public sealed class SphinxEvaluationTests(SphinxFixture fixture, ITestOutputHelper output) : IClassFixture<SphinxFixture>
{
    [SphinxFact]
    public async Task RunAsync_SharedSpeechClips_WordErrorRateWithinBound()
    {
        var evaluation = new TranscriptionEvaluation(fixture.Transcriber, SoxClipLoader.LoadAsync);

        var report = await evaluation.RunAsync(RepoPaths.SharedFile("speech", "transcripts.tsv"), CancellationToken.None);

        using var text = new StringWriter();
        report.WriteTo(text);
        output.WriteLine(text.ToString());
        Assert.Equal(34, report.Clips.Count);
        Assert.InRange(report.Overall.Rate, 0.0, 0.6);
    }
}
