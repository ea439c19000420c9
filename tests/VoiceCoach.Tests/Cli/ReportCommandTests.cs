using VoiceCoach.Cli.Hosting;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Cli;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-report-").FullName;

    private static readonly string Prompts = RepoPaths.InRepo("prompts");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Report_Html_RerendersMarkdownAndWritesPageWithPlayerRelativeToThePage()
    {
        var session = await TypedSessions.MixedAsync();
        var first = session.Answers[0];
        session = session with { Answers = [first with { Answer = first.Answer with { AudioPath = "../../audio/q1.wav" } }, .. session.Answers.Skip(1)] };
        var folder = TypedSessions.WriteFolder(session, Path.Combine(_dir, "sessions"));
        Directory.CreateDirectory(Path.Combine(_dir, "audio"));
        File.WriteAllBytes(Path.Combine(_dir, "audio", "q1.wav"), [0]);
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("report", $"sessions/{session.Id}", "--html", "--out", "pages/s.html", "--prompts", Prompts);

        Assert.Equal(ExitCodes.Success, code);
        using var expected = new StringWriter { NewLine = "\n" };
        new MarkdownReportWriter(TestLibrary.Library.Company("netflix")).Write(session, expected);
        Assert.Equal(expected.ToString(), File.ReadAllText(Path.Combine(folder, "report.md")));
        Assert.True(File.Exists(Path.Combine(folder, "q5-timeline.svg")));
        var html = File.ReadAllText(Path.Combine(_dir, "pages", "s.html"));
        Assert.Contains("<audio controls preload=\"metadata\" src=\"../audio/q1.wav\"></audio>", html, StringComparison.Ordinal);
        Assert.Contains("HTML: ", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AudioGone_WarnsAndWritesThePageWithoutThatPlayer()
    {
        var session = await TypedSessions.MixedAsync();
        var first = session.Answers[0];
        session = session with { Answers = [first with { Answer = first.Answer with { AudioPath = "q1.wav" } }, .. session.Answers.Skip(1)] };
        var folder = TypedSessions.WriteFolder(session, _dir);
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("report", folder, "--html", "--prompts", Prompts);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Q1: recording q1.wav not found", cli.ConsoleText, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.DoesNotContain("<audio", html, StringComparison.Ordinal);
        Assert.Contains("The recording (q1.wav) was not found", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoSessionJson_ExitsWith1AndOneLine()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("report", "empty", "--prompts", Prompts);

        Assert.Equal(ExitCodes.UserError, code);
        var line = Assert.Single(cli.ConsoleText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("empty: no session.json here; pass a folder written by `grade` or `practice`", line);
    }

    [Fact]
    public async Task Report_BrokenSessionJson_ExitsWith1AndOneLineNamingTheFile()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "bad"));
        File.WriteAllText(Path.Combine(_dir, "bad", "session.json"), "{ \"answers\": [ { \"question\": 3 } ] }");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("report", "bad", "--html", "--prompts", Prompts);

        Assert.Equal(ExitCodes.UserError, code);
        var line = Assert.Single(cli.ConsoleText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("bad/session.json: question: expected text, found number", line);
        Assert.False(File.Exists(Path.Combine(_dir, "bad", "report.html")));
    }
}
