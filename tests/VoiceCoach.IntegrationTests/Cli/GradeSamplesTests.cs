using System.Text.Json;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.IntegrationTests.Speech;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>
/// The README demo as a test: the real `grade` command, real audio files, the real VAD and real
/// PocketSphinx, on spoken samples whose grade a coach would agree on.
/// </summary>
public sealed class GradeSamplesTests : IDisposable
{
    private static readonly string[] CAtBest = ["C", "C-", "D+", "D", "D-", "F"];
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-grade-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The CLI with real audio decoding and real PocketSphinx, in the test's folder.</summary>
    private CliHarness SphinxCli() => CliHarness.WithRealEngines(_dir, "sphinx");

    [SphinxFact]
    public async Task Grade_SpokenSamples_GradesLikeACoachAndWritesTheReport()
    {
        var samples = RepoPaths.InRepo("samples", "answers");
        File.WriteAllText(Path.Combine(_dir, "m.yaml"), $"""
            company: netflix
            answers:
              - question: "Give me an example of exercising Judgment in an ambiguous situation."
                audio: {Path.Combine(samples, "01-judgment-star.wav")}
              - question: "This role involves working with AI/CV/Graphics algorithms for content creators. What excites you about this?"
                audio: {Path.Combine(samples, "03-role-cutoff.wav")}
              - question: "Why are you looking to move from your current role?"
                audio: {Path.Combine(samples, "04-why-leave-redflag.wav")}
            """);
        using var cli = SphinxCli();

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--out", "out", "--prompts", RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "session.json")));
        var answers = doc.RootElement.GetProperty("answers");
        Assert.StartsWith("pocketsphinx", answers[0].GetProperty("engine").GetString(), StringComparison.Ordinal);

        // The STAR story: A range, every STAR part found, timed from the audio.
        Assert.StartsWith("A", answers[0].GetProperty("grade").GetString(), StringComparison.Ordinal);
        Assert.True(answers[0].GetProperty("star").GetProperty("action").GetProperty("present").GetBoolean());
        Assert.True(answers[0].GetProperty("voice_activity").GetBoolean());

        // Cut off mid-sentence ("…is different at Netflix is that"): flagged when the recogniser hears
        // the dangling "that" (the domain language model does; the general one heard "as bad"), and
        // capped at C as in the coach's report (seed 004: cut off -> C); short, with no values, it is
        // a C at best either way.
        var cutOff = answers[1];
        var lastWord = cutOff.GetProperty("word_times").EnumerateArray().Last().GetProperty("w").GetString();
        if (lastWord is "that" or "is")
        {
            Assert.Contains("incomplete", cutOff.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            Assert.Contains(cutOff.GetProperty("grade").GetString(), CAtBest);
        }

        Assert.True(cutOff.GetProperty("score").GetDouble() < 72, $"cut-off answer scored {cutOff.GetProperty("score").GetDouble()}");

        // Red flags (work-life balance, stability, clearer processes): a D at best.
        Assert.Contains("red_flag", answers[2].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.StartsWith("D", answers[2].GetProperty("grade").GetString(), StringComparison.Ordinal);

        var report = File.ReadAllText(Path.Combine(_dir, "out", "report.md"));
        Assert.Contains("**Transcription:** pocketsphinx", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "q3-timeline.svg")));
    }

    [SphinxFact]
    public async Task Grade_MicrophoneWentSilent_ReportsNoAnswerNeverTooLong()
    {
        // The issue's hands-free session: after one real answer the microphone went silent, leaving minutes of
        // nothing (digital silence, then the faint hiss of an open but muted input).
        var samples = RepoPaths.InRepo("samples", "answers");
        var random = new Random(12);
        void Wav(string name, float[] samples)
        {
            using var file = File.Create(Path.Combine(_dir, name));
            WavWriter.Write(file, samples, 16000);
        }

        Wav("silent.wav", new float[16000 * 90]);
        Wav("hiss.wav", Enumerable.Range(0, 16000 * 300).Select(_ => (float)((random.NextDouble() - 0.5) * 0.002)).ToArray());
        File.WriteAllText(Path.Combine(_dir, "m.yaml"), $"""
            company: netflix
            answers:
              - question: "Give me an example of exercising Judgment in an ambiguous situation."
                audio: {Path.Combine(samples, "01-judgment-star.wav")}
              - question: "Describe a time you showed Courage in your technical career."
                audio: silent.wav
              - question: "Why Netflix? Why this role specifically?"
                audio: hiss.wav
            """);
        using var cli = SphinxCli();

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--out", "out", "--prompts", RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "session.json")));
        var answers = doc.RootElement.GetProperty("answers");
        foreach (var silent in new[] { answers[1], answers[2] })
        {
            Assert.Equal("no_answer", silent.GetProperty("length_verdict").GetString());
            Assert.Equal(["no_answer"], silent.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal("F", silent.GetProperty("grade").GetString());
        }

        Assert.Equal(1, doc.RootElement.GetProperty("questions_completed").GetInt32());
        Assert.Equal(answers[0].GetProperty("grade").GetString(), doc.RootElement.GetProperty("average_grade").GetString());
        var report = File.ReadAllText(Path.Combine(_dir, "out", "report.md"));
        Assert.DoesNotContain("too long", report, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("No answer: nothing was heard in the 5 min 0 s recording.", report, StringComparison.Ordinal);
        Assert.Contains("- Questions Completed: 1/3 (no answer: Q2, Q3)", report, StringComparison.Ordinal);
        Assert.Contains("No answer to Q2, Q3", cli.ConsoleText, StringComparison.Ordinal);
    }
}
