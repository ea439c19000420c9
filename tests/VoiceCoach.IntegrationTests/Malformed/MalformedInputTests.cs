using System.Text.Json;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.IntegrationTests.Llm;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Malformed;

/// <summary>
/// Runs every case of <see cref="MalformedInputCorpus"/> through the real command tree (in process, real audio reader,
/// real engines, a loopback LLM server): a refused input exits 1 with one line naming the input and what to do, and
/// leaves the disk as it was; a handled one exits 0 and says what happened.
/// </summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string> Cases => [.. MalformedInputCorpus.All.Select(c => c.Name)];

    [Fact]
    public void Corpus_Size_AtLeastSixtyCasesAcrossEveryArea()
    {
        var areas = MalformedInputCorpus.All.GroupBy(c => c.Name.Split('/')[0]).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(MalformedInputCorpus.All.Count >= 60, $"{MalformedInputCorpus.All.Count} cases");
        Assert.Equal(["audio", "llm", "manifest", "model", "session", "yaml"], areas.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(MalformedInputCorpus.All.Count, MalformedInputCorpus.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Run_MalformedInput_OneClearLineAndNothingLost(string name)
    {
        var @case = MalformedInputCorpus.Find(name);
        using var folder = new CorpusFolder();
        await using var server = @case.Llm is null ? null : await LoopbackOpenAiServer.StartAsync(@case.Llm);
        folder.LlmUrl = server?.BaseUrl ?? string.Empty;
        var args = await @case.Arrange(folder);
        var before = folder.Fingerprint();
        using var cli = CliHarness.WithRealEngines(folder.Dir);
        cli.SessionLockWait = TimeSpan.FromMilliseconds(200);

        var code = await cli.RunAsync(args);

        var lines = cli.ConsoleText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (@case.Outcome == CorpusOutcome.Refused)
        {
            Assert.True(code == ExitCodes.UserError, $"exit {code}: {cli.ConsoleText}");
            var line = Assert.Single(lines);
            Assert.All(@case.Expect, e => Assert.Contains(e, line, StringComparison.Ordinal));
            Assert.DoesNotContain("Unexpected error", line, StringComparison.Ordinal);
            Assert.Equal(string.Empty, cli.OutText);
            Assert.Equal(before, folder.Fingerprint());
            return;
        }

        Assert.True(code == ExitCodes.Success, $"exit {code}: {cli.ConsoleText}");
        foreach (var expected in @case.Expect)
        {
            if (expected.StartsWith("report.md:", StringComparison.Ordinal))
            {
                Assert.Contains(expected["report.md:".Length..], await File.ReadAllTextAsync(folder.Path(Path.Combine(@case.Output!, "report.md"))), StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(expected, cli.ConsoleText, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, folder.Fingerprint(except: @case.Output));
        if (@case.Name.StartsWith("llm/", StringComparison.Ordinal))
        {
            // Every answer still graded, by the rubric, and marked as not reviewed.
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(folder.Path("out/session.json")));
            var answers = json.RootElement.GetProperty("answers").EnumerateArray().ToList();
            Assert.Equal(2, answers.Count);
            Assert.All(answers, a => Assert.Equal("fallback", a.GetProperty("llm").GetProperty("status").GetString()));
            Assert.All(answers, a => Assert.Equal(a.GetProperty("rubric_grade").GetString(), a.GetProperty("grade").GetString()));
        }
    }
}
