using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VoiceCoach.IntegrationTests.Http;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>`voicecoach transcribe FILE --engine http --url …` end to end: real audio file, real engine factory, loopback server.</summary>
public sealed class TranscribeHttpTests
{
    private const string Scripted = """
        {"text":"I took ownership of the migration.","segments":[{"start":0.0,"end":2.5,"text":" I took ownership of the migration."}],
         "words":[{"word":"I","start":0.2,"end":0.3},{"word":"took","start":0.35,"end":0.6},{"word":"ownership","start":0.65,"end":1.2},
                  {"word":"of","start":1.25,"end":1.35},{"word":"the","start":1.4,"end":1.5},{"word":"migration.","start":1.55,"end":2.3}]}
        """;

    [Fact]
    public async Task Transcribe_EngineHttp_PrintsTheServersTranscriptAsJson()
    {
        await using var server = await LoopbackServer.StartAsync(async (c, _) =>
        {
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync(Scripted);
        });
        var wav = Directory.GetFiles(RepoPaths.InRepo("samples", "answers"), "01-*.wav").Single();
        using var cli = Harness();

        var exit = await cli.RunAsync("transcribe", wav, "--engine", "http", "--url", $"http://127.0.0.1:{server.Url.Port}/v1", "--json");

        Assert.True(exit == 0, cli.ConsoleText);
        using var json = JsonDocument.Parse(cli.OutText);
        Assert.Equal($"http 127.0.0.1:{server.Url.Port}/v1/audio/transcriptions (whisper-1)", json.RootElement.GetProperty("engine").GetString());
        Assert.Equal("I took ownership of the migration.", json.RootElement.GetProperty("text").GetString());
        var words = json.RootElement.GetProperty("segments")[0].GetProperty("words");
        Assert.Equal(6, words.GetArrayLength());
        Assert.Equal(0.65, words[2].GetProperty("start").GetDouble());

        var upload = server.Requests.Single().File!;
        Assert.Equal(16_000, BinaryPrimitives.ReadInt32LittleEndian(upload.AsSpan(24)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(upload.AsSpan(22)));
        var seconds = BinaryPrimitives.ReadInt32LittleEndian(upload.AsSpan(40)) / 32_000.0;
        Assert.Equal(json.RootElement.GetProperty("duration_s").GetDouble(), seconds, 2);
    }

    [Fact]
    public async Task Transcribe_EngineHttpWithoutUrl_SaysToGiveUrl()
    {
        using var cli = Harness();

        var exit = await cli.RunAsync("transcribe", Directory.GetFiles(RepoPaths.InRepo("samples", "answers"), "01-*.wav").Single(), "--engine", "http");

        Assert.Equal(1, exit);
        Assert.Contains("--engine http: give the server with --url", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_UrlWithAnotherEngine_SaysUrlIsForHttp()
    {
        using var cli = Harness();

        var exit = await cli.RunAsync("transcribe", Directory.GetFiles(RepoPaths.InRepo("samples", "answers"), "01-*.wav").Single(), "--engine", "sphinx", "--url", "http://127.0.0.1:1/v1");

        Assert.Equal(1, exit);
        Assert.Contains("--url is for --engine http", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_ServerDown_OneRedLineNamingTheUrl()
    {
        var url = $"http://127.0.0.1:{LoopbackServer.DeadPort()}/v1";
        using var cli = Harness();

        var exit = await cli.RunAsync("transcribe", Directory.GetFiles(RepoPaths.InRepo("samples", "answers"), "01-*.wav").Single(), "--url", url);

        Assert.Equal(1, exit);
        Assert.Contains($"{url}/audio/transcriptions: cannot reach the transcription server", cli.ConsoleText, StringComparison.Ordinal);
    }

    private static CliHarness Harness() => CliHarness.WithRealEngines();
}
