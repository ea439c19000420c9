using System.Text.Json;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>`voicecoach transcribe FILE --engine whisper.net --model M --json` end to end: real clip, real engine factory, whisper.cpp.</summary>
public sealed class TranscribeWhisperNetTests
{
    [Fact]
    public async Task Transcribe_EngineWhisperNetOnJfk_PrintsWordTimedJsonInsideTheClip()
    {
        // Arrange
        var model = RepoPaths.SharedFile("whisper", "models", "random-tiny.en.bin");
        var clip = RepoPaths.SharedFile("speech", "jfk", "jfk.wav");
        using var cli = Harness();

        // Act
        var exit = await cli.RunAsync("transcribe", clip, "--engine", "whisper.net", "--model", model, "--json");

        // Assert
        Assert.True(exit == 0, cli.ConsoleText);
        using var json = JsonDocument.Parse(cli.OutText);
        var root = json.RootElement;
        Assert.Equal("whisper random-tiny.en (Whisper.net cpu)", root.GetProperty("engine").GetString());
        var duration = root.GetProperty("duration_s").GetDouble();
        Assert.Equal(11.0, duration, 1);
        var segments = root.GetProperty("segments").EnumerateArray().ToList();
        Assert.NotEmpty(segments);
        foreach (var segment in segments)
        {
            Assert.InRange(segment.GetProperty("end").GetDouble(), segment.GetProperty("start").GetDouble(), duration);
            foreach (var word in segment.GetProperty("words").EnumerateArray())
            {
                Assert.InRange(word.GetProperty("start").GetDouble(), segment.GetProperty("start").GetDouble(), segment.GetProperty("end").GetDouble());
                Assert.InRange(word.GetProperty("end").GetDouble(), word.GetProperty("start").GetDouble(), segment.GetProperty("end").GetDouble());
                Assert.InRange(word.GetProperty("confidence").GetDouble(), 0, 1);
            }
        }
    }

    [Fact]
    public async Task Transcribe_EngineWhisperNetWithWavAsModel_OneRedLineNamingTheFile()
    {
        // Arrange
        var notAModel = Directory.GetFiles(RepoPaths.InRepo("samples", "answers"), "01-*.wav").Single();
        using var cli = Harness();

        // Act
        var exit = await cli.RunAsync("transcribe", notAModel, "--engine", "whisper.net", "--model", notAModel);

        // Assert
        Assert.Equal(1, exit);
        Assert.Contains($"{notAModel}: not a ggml file (magic 0x46464952 'RIFF'); expected 0x67676d6c", cli.ConsoleText, StringComparison.Ordinal);
    }

    private static CliHarness Harness() => CliHarness.WithRealEngines();
}
