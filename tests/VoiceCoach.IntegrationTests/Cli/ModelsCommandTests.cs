using System.Security.Cryptography;
using System.Text.Json;
using VoiceCoach.IntegrationTests.Http;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>`voicecoach models list|download` through the real command tree against a loopback server.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-models-").FullName;
    private readonly byte[] _bytes = RandomNumberGenerator.GetBytes(250_000);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Download_KnownModelFromMirror_SavesVerifiesAndListsItAsPresent()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes));
        var catalog = WriteCatalog(Convert.ToHexStringLower(SHA256.HashData(_bytes)));
        using var cli = new CliHarness(_dir);

        var exit = await cli.RunAsync("models", "download", "tiny.en", "--catalog", catalog, "--from", server.Url.ToString(), "--dir", "models");

        Assert.True(exit == 0, cli.ConsoleText);
        Assert.Equal(_bytes, File.ReadAllBytes(Path.Combine(_dir, "models", "ggml-tiny.en.bin")));
        Assert.Contains("ggml-tiny.en.bin: verifying 250.0 kB", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Contains("Saved models/ggml-tiny.en.bin (250000 bytes; size and sha256 match the published values)", cli.ConsoleText, StringComparison.Ordinal);

        using var list = new CliHarness(_dir);
        Assert.Equal(0, await list.RunAsync("models", "list", "--catalog", catalog, "--json"));
        using var json = JsonDocument.Parse(list.OutText);
        var tiny = json.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "tiny.en");
        Assert.Equal(Path.Combine(_dir, "models", "ggml-tiny.en.bin"), tiny.GetProperty("present").GetString());
        Assert.True(tiny.GetProperty("size_matches").GetBoolean());
    }

    [Fact]
    public async Task Download_MirrorServesOtherBytes_OneRedLineAndNoFileLeft()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes));
        var catalog = WriteCatalog(Convert.ToHexStringLower(SHA256.HashData([0])));
        using var cli = new CliHarness(_dir);

        var exit = await cli.RunAsync("models", "download", "ggml-tiny.en.bin", "--catalog", catalog, "--from", server.Url.ToString(), "--dir", "models");

        Assert.Equal(1, exit);
        Assert.Contains("ggml-tiny.en.bin from ", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Contains("sha256 mismatch", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "models")));
    }

    [Fact]
    public async Task Download_UnknownName_PointsToTheList()
    {
        using var cli = new CliHarness(_dir);

        var exit = await cli.RunAsync("models", "download", "huge.en");

        Assert.Equal(1, exit);
        Assert.Contains("huge.en: not a known whisper.cpp model; 'voicecoach models list' shows them", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_NotOnTheMirror_SaysNotFound()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) =>
        {
            c.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        using var cli = new CliHarness(_dir);

        var exit = await cli.RunAsync("models", "download", "base.en", "--from", server.Url + "mirror", "--dir", "models");

        Assert.Equal(1, exit);
        Assert.Contains($"{server.Url}mirror/ggml-base.en.bin: not found (HTTP 404)", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_BuiltInCatalog_ShowsEveryStandardModelWithItsPublishedSha256()
    {
        using var cli = new CliHarness(_dir);

        Assert.Equal(0, await cli.RunAsync("models", "list", "--json"));

        using var json = JsonDocument.Parse(cli.OutText);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        foreach (var name in new[] { "tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en", "large-v3", "large-v3-turbo", "base.en-q5_1", "base.en-q8_0", "medium-q5_0" })
        {
            Assert.True(models.ContainsKey(name), name);
        }

        Assert.Equal("a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002", models["base.en"].GetProperty("sha256").GetString());
        Assert.Equal(147964211, models["base.en"].GetProperty("size").GetInt64());
        Assert.Equal("137c40403d78fd54d454da0f9bd998f78703390c", models["base.en"].GetProperty("sha1").GetString());
        Assert.Equal("https://huggingface.co/ggerganov/whisper.cpp/resolve/main", json.RootElement.GetProperty("base_url").GetString());
    }

    private string WriteCatalog(string sha256)
    {
        var path = Path.Combine(_dir, "catalog.yaml");
        File.WriteAllText(path, $"models:\n  - {{ name: tiny.en, size: {_bytes.Length}, sha256: {sha256} }}\n");
        return path;
    }
}
