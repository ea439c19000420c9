using System.Text.Json;
using VoiceCoach.IntegrationTests.Speech;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>
/// What practice hears is what `transcribe` hears: the answer streamed live during practice gets the same words and
/// the same word confidences as the saved recording decoded afterwards. Practice once decoded without PocketSphinx's
/// second pass, whose thin lattice gave misheard words a posterior of 1: in the demo "the call I'd make" came out as
/// "the kind make", both words at 1.00, and the report's improved-answer template quoted it.
/// </summary>
public sealed class PracticeTranscriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("voicecoach-practice-transcript-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SphinxFact]
    public async Task Practice_FromARecording_TranscribesItAsTranscribeDoesTheSavedTake()
    {
        var from = Directory.CreateDirectory(Path.Combine(_dir, "recorded")).FullName;
        File.WriteAllText(Path.Combine(from, "manifest.yaml"), $"""
            company: netflix
            answers:
              - question: "Give me an example of exercising Judgment in an ambiguous situation."
                audio: {RepoPaths.InRepo("samples", "answers", "01-judgment-star.wav")}
            """);
        using var practice = CliHarness.WithRealEngines(_dir, "sphinx");

        var code = await practice.RunAsync(
            "practice", "--from", from, "--fast", "--no-speak", "--hands-free", "--no-follow-ups", "--out", "practice",
            "--prompts", RepoPaths.InRepo("prompts"));

        Assert.True(code == 0, practice.ConsoleText);
        using var session = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "practice", "session.json")));
        var heard = session.RootElement.GetProperty("answers")[0].GetProperty("word_times").EnumerateArray()
            .Select(w => (Word: w.GetProperty("w").GetString(), P: w.GetProperty("p").GetDouble()))
            .ToList();

        // The same recording, as `voicecoach transcribe` decodes it (its own engine request, from its own options).
        using var transcribe = CliHarness.WithRealEngines(_dir, "sphinx");
        code = await transcribe.RunAsync(
            "transcribe", Path.Combine(_dir, "practice", "answers", "q01.wav"), "--engine", "sphinx", "--json", "--prompts", RepoPaths.InRepo("prompts"));
        Assert.True(code == 0, transcribe.ConsoleText);
        using var json = JsonDocument.Parse(transcribe.OutText);
        var expected = json.RootElement.GetProperty("segments").EnumerateArray()
            .SelectMany(s => s.GetProperty("words").EnumerateArray())
            .Select(w => (Word: w.GetProperty("word").GetString(), P: w.GetProperty("confidence").GetDouble()))
            .ToList();

        Assert.True(heard.Count > 80, $"practice heard {heard.Count} words of a 42 s answer");
        Assert.Equal(expected.Select(w => w.Word), heard.Select(w => w.Word));
        // session.json keeps three decimals; the recording on disk may hold a few ms of the pause more or less.
        Assert.All(expected.Zip(heard), pair => Assert.True(Math.Abs(pair.First.P - pair.Second.P) <= 0.02, $"'{pair.First.Word}': {pair.First.P:0.000} when transcribed, {pair.Second.P:0.000} in practice"));
        Assert.Contains(heard, w => w.P < 0.5); // a decode with real posteriors is unsure of something in 42 s
    }
}
