using System.Text.Json;
using Moq;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Cli;

public sealed class CliAppTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_UnknownOption_ExitsWithUsageCode2()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("questions", "list", "--bogus");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--bogus", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuestionsList_ByRound_ShowsOnlyThatRound()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("questions", "list", "--round", "coding", "--json");

        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(cli.OutText);
        Assert.NotEmpty(doc.RootElement.EnumerateArray());
        Assert.All(doc.RootElement.EnumerateArray(), q => Assert.Equal("coding", q.GetProperty("round").GetString()));
    }

    [Fact]
    public async Task Grade_MissingManifest_ExitsWith1AndOneLineNamingTheFile()
    {
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grade", "--manifest", "nope.yaml", "--prompts", Testing.RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.UserError, code);
        var line = Assert.Single(cli.ConsoleText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("nope.yaml: manifest not found", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_ErrorLongerThanTheConsoleIsWide_StaysOneLine()
    {
        // Output to a file or a pipe is 80 columns wide for Spectre, which broke long errors over several lines (the
        // harness's console is 200 wide).
        using var cli = new CliHarness(_dir);
        var manifest = new string('m', 240) + ".yaml";

        var code = await cli.RunAsync("grade", "--manifest", manifest, "--prompts", Testing.RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.UserError, code);
        var line = Assert.Single(cli.ConsoleText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{manifest}: manifest not found", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_BrokenManifestField_ExitsWith1NamingLineAndField()
    {
        File.WriteAllText(Path.Combine(_dir, "m.yaml"), "company: netflix\nanswers:\n  - question: \"Why Netflix?\"\n    transcript: \"Because.\"\n");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--prompts", Testing.RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("m.yaml:3:5: answers[0].duration_s: is missing", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_TypedManifest_WritesReportJsonAndTimelines()
    {
        File.WriteAllText(Path.Combine(_dir, "m.yaml"), $"company: netflix\nanswers:\n  - question_id: {Answers.JudgmentId}\n    transcript: \"{Answers.GoodStory}\"\n    duration_s: 46\n  - question_id: {Answers.CourageId}\n    transcript: \"{Answers.OpinionOnly}\"\n    duration_s: 30\n");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--out", "out", "--prompts", Testing.RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.Success, code);
        var out_ = Path.Combine(_dir, "out");
        Assert.True(File.Exists(Path.Combine(out_, "report.md")));
        Assert.True(File.Exists(Path.Combine(out_, "q1-timeline.svg")));
        Assert.True(File.Exists(Path.Combine(out_, "q2-timeline.svg")));
        Assert.Empty(Directory.GetFiles(out_, "*.tmp"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, "session.json")));
        Assert.Equal(2, doc.RootElement.GetProperty("answers").GetArrayLength());
        Assert.Contains("Report: ", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_AudioManifest_TranscribesOnceWithOneEngineAndNamesItInTheReport()
    {
        File.WriteAllBytes(Path.Combine(_dir, "a.wav"), [0]);
        File.WriteAllBytes(Path.Combine(_dir, "b.wav"), [0]);
        File.WriteAllText(Path.Combine(_dir, "m.yaml"), $"answers:\n  - question_id: {Answers.JudgmentId}\n    audio: a.wav\n  - question_id: {Answers.WhyNetflixId}\n    audio: b.wav\n");
        var transcriber = new Mock<ITranscriber>();
        transcriber.SetupGet(t => t.EngineName).Returns("fake engine 1.0");
        transcriber.Setup(t => t.TranscribeAsync(It.IsAny<AudioClip>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((AudioClip c, CancellationToken _) => TranscriptTiming.Estimate(Answers.GoodStory, c.Duration, "fake engine 1.0"));
        var created = 0;
        using var cli = new CliHarness(_dir)
        {
            LoadAudioAsync = (p, ct) => Task.FromResult(VoiceCoach.Audio.AudioFileReader.ReadClip(Testing.RepoPaths.SharedFile("speech", "jfk", "jfk.wav"), ct)),
            CreateTranscriber = _ =>
            {
                created++;
                return transcriber.Object;
            },
        };

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--out", "out", "--prompts", Testing.RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(1, created);
        transcriber.Verify(t => t.TranscribeAsync(It.IsAny<AudioClip>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        var report = File.ReadAllText(Path.Combine(_dir, "out", "report.md"));
        Assert.Contains("**Transcription:** fake engine 1.0", report, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "session.json")));
        Assert.Equal("../a.wav", doc.RootElement.GetProperty("answers")[0].GetProperty("audio").GetString());
    }

    [Fact]
    public async Task Grade_SilentRecording_IsNotTranscribedAndGradedEmpty()
    {
        // Recognisers invent words in silence; the VAD keeps silence out of the transcriber.
        File.WriteAllBytes(Path.Combine(_dir, "a.wav"), [0]);
        File.WriteAllText(Path.Combine(_dir, "m.yaml"), $"answers:\n  - question_id: {Answers.JudgmentId}\n    audio: a.wav\n");
        var transcriber = new Mock<ITranscriber>();
        transcriber.SetupGet(t => t.EngineName).Returns("fake engine 1.0");
        using var cli = new CliHarness(_dir)
        {
            LoadAudioAsync = (p, _) => Task.FromResult(new AudioClip(new float[16000 * 20], p)),
            CreateTranscriber = _ => transcriber.Object,
        };

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--out", "out", "--prompts", Testing.RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.Success, code);
        transcriber.Verify(t => t.TranscribeAsync(It.IsAny<AudioClip>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Contains("no speech heard", cli.ConsoleText, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "session.json")));
        Assert.Equal(0, doc.RootElement.GetProperty("answers")[0].GetProperty("words").GetInt32());
    }

    [Fact]
    public async Task Grade_AudioWithLeadingSilence_JudgesLengthOnTheSpokenSpan()
    {
        File.WriteAllBytes(Path.Combine(_dir, "a.wav"), [0]);
        File.WriteAllText(Path.Combine(_dir, "m.yaml"), $"answers:\n  - question_id: {Answers.JudgmentId}\n    audio: a.wav\n");
        var transcriber = new Mock<ITranscriber>();
        transcriber.SetupGet(t => t.EngineName).Returns("fake engine 1.0");
        transcriber.Setup(t => t.TranscribeAsync(It.IsAny<AudioClip>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((AudioClip c, CancellationToken _) => TranscriptTiming.Estimate("And so my fellow Americans, ask not what your country can do for you.", c.Duration, "fake engine 1.0"));
        using var cli = new CliHarness(_dir)
        {
            // 20 s of silence, then the 11 s JFK clip: 31 s raw, about 10 s spoken.
            LoadAudioAsync = (p, ct) =>
            {
                var jfk = VoiceCoach.Audio.AudioFileReader.ReadClip(Testing.RepoPaths.SharedFile("speech", "jfk", "jfk.wav"), ct);
                return Task.FromResult(new AudioClip([.. new float[16000 * 20], .. jfk.Samples], p));
            },
            CreateTranscriber = _ => transcriber.Object,
        };

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--out", "out", "--prompts", Testing.RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "session.json")));
        var answer = doc.RootElement.GetProperty("answers")[0];
        Assert.Equal(31.0, answer.GetProperty("duration_s").GetDouble(), 0.2);
        Assert.InRange(answer.GetProperty("length_judged_s").GetDouble(), 9, 11);
        Assert.InRange(answer.GetProperty("vad").GetProperty("spoken_start").GetDouble(), 20.0, 20.6);
        Assert.Equal("too_short", answer.GetProperty("length_verdict").GetString());
    }

    [Fact]
    public void SessionFolder_WriteText_FlushesAfterTheWriterIsDone()
    {
        // Regression: the StreamWriter used to close the file before the flush-to-disk, so every
        // report write failed with "Cannot access a closed file".
        var path = Path.Combine(_dir, "x.md");

        SessionFolder.WriteText(path, w => w.Write("hello"));

        Assert.Equal("hello", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".tmp"));
    }
}
