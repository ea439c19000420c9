using VoiceCoach.Cli.Hosting;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Cli;

/// <summary>`voicecoach grading explain` (hidden): a labelled answer's coach label beside what its grade came from.</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-explain-").FullName;

    public ExplainCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "set"));
        File.WriteAllText(Path.Combine(_dir, "set", "manifest.yaml"), $"company: netflix\nanswers:\n"
            + $"  - id: good\n    question_id: {Answers.JudgmentId}\n    transcript: \"{Answers.GoodStory}\"\n    duration_s: 40\n    expected_grade: A\n    expected_flags: []\n    note: A whole story.\n"
            + $"  - id: opinion\n    question_id: {Answers.CourageId}\n    transcript: \"{Answers.OpinionOnly}\"\n    duration_s: 30\n    expected_grade: D\n    expected_flags: [no_example]\n    note: No story.\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Explain_AnswerById_PrintsTheCoachsLabelThenTheGradersEvidence()
    {
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grading", "explain", "--set", "set", "--id", "opinion", "--prompts", RepoPaths.InRepo("prompts"));

        var text = cli.ConsoleText.Replace("\n", " ", StringComparison.Ordinal);
        Assert.True(code == ExitCodes.Success, cli.ConsoleText);
        Assert.Contains("== opinion: coach D, flags no_example", text, StringComparison.Ordinal);
        Assert.Contains("coach's note: No story.", text, StringComparison.Ordinal);
        Assert.Contains($"question: {Answers.CourageId} (story)", text, StringComparison.Ordinal);
        Assert.Contains("no_example ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("== good", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_UnknownId_NamesItAndTheIdsThereAndExitsWithAUserError()
    {
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grading", "explain", "--set", "set", "--id", "nope", "--prompts", RepoPaths.InRepo("prompts"));

        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("set: no answer with id nope; ids there run good to opinion", cli.ConsoleText.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
