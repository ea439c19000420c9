using System.Text.Json;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Cli;

/// <summary>`grade --out` into a folder that holds a session, with and without --force, and two runs at once.</summary>
public sealed class SessionFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-folder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Grade_IntoAGradedFolderWithoutForce_RefusesAndChangesNothing()
    {
        // Arrange
        await GradeAsync(Manifest("m.yaml", 3), "out");
        var before = Snapshot("out");

        // Act
        var (code, console) = await GradeAsync(Manifest("m2.yaml", 1), "out");

        // Assert
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal("out: already holds a graded session; pass --force to grade it again (the earlier grading is kept in gradings/), or choose another --out", console.Trim());
        Assert.Equal(before, Snapshot("out"));
    }

    [Fact]
    public async Task Grade_IntoAGradedFolderWithForce_ArchivesTheEarlierGradingAndLeavesNoStaleTimeline()
    {
        // Arrange: three answers first, then one.
        await GradeAsync(Manifest("m.yaml", 3), "out");
        var earlierJson = File.ReadAllText(Path.Combine(_dir, "out", "session.json"));
        var earlierReport = File.ReadAllText(Path.Combine(_dir, "out", "report.md"));
        File.WriteAllText(Path.Combine(_dir, "out", "report.html"), "<html>earlier</html>");

        // Act
        var (code, console) = await GradeAsync(Manifest("m2.yaml", 1), "out", "--force");

        // Assert
        Assert.True(code == 0, console);
        var out_ = Path.Combine(_dir, "out");
        Assert.Contains("Earlier grading kept as gradings/grading-1-20261122-193000.json", console, StringComparison.Ordinal);
        Assert.Equal(earlierJson, File.ReadAllText(Path.Combine(out_, "gradings", "grading-1-20261122-193000.json")));
        Assert.Equal(earlierReport, File.ReadAllText(Path.Combine(out_, "gradings", "grading-1-20261122-193000.md")));
        Assert.Equal("<html>earlier</html>", File.ReadAllText(Path.Combine(out_, "gradings", "grading-1-20261122-193000.html")));
        Assert.Equal(["q1-timeline.svg"], Directory.GetFiles(out_, "*.svg").Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(out_, "report.html")));
        Assert.Empty(Directory.GetFiles(out_, "*.tmp"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, "session.json")));
        Assert.Equal(1, json.RootElement.GetProperty("answers").GetArrayLength());
    }

    [Fact]
    public async Task Grade_TwoRunsIntoOneOutAtOnce_OneWritesTheOtherSaysSoAndNothingIsReplaced()
    {
        // Arrange: two different sessions racing for one folder (they were silently overwriting each other).
        var first = Manifest("a.yaml", 3);
        var second = Manifest("b.yaml", 1);

        // Act
        var runs = await Task.WhenAll(Task.Run(() => GradeAsync(first, "out")), Task.Run(() => GradeAsync(second, "out")));

        // Assert
        Assert.Single(runs, r => r.Code == 0);
        var loser = Assert.Single(runs, r => r.Code == ExitCodes.UserError);
        Assert.Equal("out: already holds a graded session; pass --force to grade it again (the earlier grading is kept in gradings/), or choose another --out", loser.Console.Trim());
        var winnerAnswers = runs[0].Code == 0 ? 3 : 1;
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "session.json")));
        Assert.Equal(winnerAnswers, json.RootElement.GetProperty("answers").GetArrayLength());
        Assert.Equal(winnerAnswers, Directory.GetFiles(Path.Combine(_dir, "out"), "*.svg").Length);
    }

    [Fact]
    public void Lock_HeldByAnotherWriter_WaitsItsBoundThenSaysWhoToWaitFor()
    {
        // Arrange
        var folder = Path.Combine(_dir, "busy");
        using var held = SessionFolder.Lock(folder, TimeSpan.Zero, "busy");

        // Act
        var ex = Assert.Throws<SessionFileException>(() => SessionFolder.Lock(folder, TimeSpan.FromMilliseconds(300), "busy"));

        // Assert
        Assert.Equal("busy: another voicecoach command has been writing this session for 0 s; wait for it to finish, or choose another folder", ex.Message);
    }

    private string Manifest(string name, int answers)
    {
        var ids = new[] { Answers.JudgmentId, Answers.CourageId, Answers.WhyNetflixId };
        var yaml = "company: netflix\nanswers:\n" + string.Concat(ids.Take(answers).Select(id => $"  - question_id: {id}\n    transcript: \"{Answers.GoodStory}\"\n    duration_s: 40\n"));
        File.WriteAllText(Path.Combine(_dir, name), yaml);
        return name;
    }

    private async Task<(int Code, string Console)> GradeAsync(string manifest, string output, params string[] extra)
    {
        using var cli = new CliHarness(_dir);
        var code = await cli.RunAsync(["grade", "--manifest", manifest, "--out", output, "--prompts", RepoPaths.InRepo("prompts"), .. extra]);
        return (code, cli.ConsoleText);
    }

    private Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(Path.Combine(_dir, folder), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".voicecoach.lock", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(_dir, f), File.ReadAllText);
}
