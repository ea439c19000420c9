using VoiceCoach.Cli.Hosting;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Cli;

public sealed class ProgressCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-progress-").FullName;

    private static readonly string Prompts = RepoPaths.InRepo("prompts");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Progress_SeveralSessionsAndJunk_WritesTableChartAndTargetsAndSkipsJunkWithOneLineEach()
    {
        var sessions = Path.Combine(_dir, "sessions");
        foreach (var s in await TypedSessions.ImprovingAsync())
        {
            TypedSessions.WriteFolder(s, sessions);
        }

        Directory.CreateDirectory(Path.Combine(sessions, "scratch"));
        Directory.CreateDirectory(Path.Combine(sessions, "broken"));
        File.WriteAllText(Path.Combine(sessions, "broken", "session.json"), "{ \"answers\": [ {");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("progress", "--prompts", Prompts);

        Assert.Equal(ExitCodes.Success, code);
        var lines = cli.ConsoleText.Split('\n');
        Assert.Single(lines, l => l.StartsWith("sessions/scratch: no session.json here", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("sessions/broken/session.json: not valid JSON", StringComparison.Ordinal) && l.TrimEnd().EndsWith("skipped", StringComparison.Ordinal));
        Assert.Contains("2026-11-24 08:15", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Contains("Average grade points per session", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Contains("Last session vs the previous session's target", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Contains("Last session vs its own target", cli.ConsoleText, StringComparison.Ordinal);

        var md = File.ReadAllText(Path.Combine(sessions, "progress.md"));
        Assert.Equal(3, md.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| #", StringComparison.Ordinal)));
        Assert.Contains("![Average grade and culture integration per session](progress.svg)", md, StringComparison.Ordinal);
        Assert.Contains("sessions/broken/session.json", md, StringComparison.Ordinal);
        _ = System.Xml.Linq.XDocument.Load(Path.Combine(sessions, "progress.svg"));
    }

    [Fact]
    public async Task Progress_OutOption_WritesThere()
    {
        var sessions = Path.Combine(_dir, "mine");
        TypedSessions.WriteFolder(await TypedSessions.MixedAsync(), sessions);
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("progress", "--sessions", "mine", "--out", "report", "--prompts", Prompts);

        Assert.Equal(ExitCodes.Success, code);
        Assert.True(File.Exists(Path.Combine(_dir, "report", "progress.md")));
        Assert.True(File.Exists(Path.Combine(_dir, "report", "progress.svg")));
        Assert.Contains("One session so far", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_NoSessionsFolder_ExitsWith1AndOneLine()
    {
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("progress", "--prompts", Prompts);

        Assert.Equal(ExitCodes.UserError, code);
        var line = Assert.Single(cli.ConsoleText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sessions: no such folder", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_OnlyBrokenSessions_ExitsWith1AfterTheWarnings()
    {
        var broken = Path.Combine(_dir, "sessions", "x");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "session.json"), "[]");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("progress", "--prompts", Prompts);

        Assert.Equal(ExitCodes.UserError, code);
        var lines = cli.ConsoleText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("sessions/x/session.json: no answers array", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("sessions: no graded sessions found (1 folder(s) skipped)", lines[1], StringComparison.Ordinal);
    }
}
