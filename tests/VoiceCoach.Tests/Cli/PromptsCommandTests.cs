using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Llm;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Cli;

public sealed class PromptsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-prompts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Check_ShippedPrompts_RendersEveryGradingPrompt()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("prompts", "check", "--show");

        Assert.True(code == ExitCodes.Success, cli.ConsoleText);
        Assert.Contains("answer-feedback.yaml", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Contains("session-summary.yaml", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Contains("All 2 grading prompt(s) render.", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Contains("<transcript>", cli.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ShippedPrompts_SaysTheGradesAreCalibrated()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("prompts", "check");

        Assert.True(code == ExitCodes.Success, cli.ConsoleText);
        Assert.Contains("ok grading/calibration.json: grades are the rubric + calibration trained on 723 labelled answers (prompts/eval/dev, 81 features, ridge penalty 30)", cli.ConsoleText.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CalibrationTrainedOnOtherFeatures_OneRedLineNamingTheFile()
    {
        var prompts = CopyPrompts();
        var file = Path.Combine(prompts, "grading", "calibration.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"criterion.role\"", "\"criterion.charm\"", StringComparison.Ordinal));
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("prompts", "check", "--prompts", prompts);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("prompts/grading/calibration.json: trained with another feature list (lacks criterion.role; has unknown criterion.charm)", cli.ConsoleText.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_TypoInATemplate_OneRedLineNamingFileLineColumnAndVariable()
    {
        var prompts = CopyPrompts();
        var file = Path.Combine(prompts, "grading", "answer-feedback.yaml");
        var lines = File.ReadAllLines(file);
        var line = Array.FindIndex(lines, l => l.Contains("{{findings}}", StringComparison.Ordinal)) + 1;
        var column = lines[line - 1].IndexOf("findings", StringComparison.Ordinal) + 1;
        File.WriteAllText(file, File.ReadAllText(file).Replace("{{findings}}", "{{findngs}}", StringComparison.Ordinal));
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("prompts", "check", "--prompts", prompts);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains($"grading/answer-feedback.yaml:{line}:{column}: template: {{{{findngs}}}}: is not a declared input variable", cli.ConsoleText.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ShippedPrompts_ListsTheCompanyPacksPrepItems()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("prompts", "check");

        Assert.True(code == ExitCodes.Success, cli.ConsoleText);
        var text = cli.ConsoleText.Replace("\n", string.Empty, StringComparison.Ordinal);
        Assert.Contains("prep: Research Homework (3 steps) for specificity; Role-Specific Prep (3 steps) for enthusiasm", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PrepItemForAnAreaTheRubricLacks_OneRedLineNamingFileAndLine()
    {
        var prompts = CopyPrompts();
        var file = Path.Combine(prompts, "companies", "netflix.yaml");
        var lines = File.ReadAllLines(file);
        var line = Array.FindIndex(lines, l => l.Contains("areas: [specificity]", StringComparison.Ordinal)) + 1;
        var column = lines[line - 1].IndexOf('[', StringComparison.Ordinal) + 1;
        File.WriteAllText(file, File.ReadAllText(file).Replace("areas: [specificity]", "areas: [specifity]", StringComparison.Ordinal));
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("prompts", "check", "--prompts", prompts);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains($"companies/netflix.yaml:{line}:{column}: prep[0].areas: 'specifity' is not a development area in rubric.yaml", cli.ConsoleText.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_GradeLetterNotInRubric_SaysWhichLetters()
    {
        var prompts = CopyPrompts();
        var file = Path.Combine(prompts, "grading", "answer-feedback.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"enum\": [\"A\",", "\"enum\": [\"A+\", \"A\",", StringComparison.Ordinal));
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("prompts", "check", "--prompts", prompts);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("'A+' is not a grade in rubric.yaml", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_DevSplitWithoutLlm_PrintsAgreementFlagsConfusionWorstAndGate()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("prompts", "eval", "--set", "prompts/eval/dev", "--llm", "off", "--worst", "3");

        var text = cli.ConsoleText;
        Assert.True(code == ExitCodes.Success, text);
        Assert.Matches(@"rubric only: exact \d+/1143 \(\d+ %\), within one step \d+/1143 \(\d+ %\), mean distance \d\.\d steps, Spearman -?\d\.\d\d", text);
        Assert.Contains("Within one step: at most one step apart on A > A- > B+ > B > B- > C+ > C > C- > D+ > D > D- > F (A- and B+ are one step apart; A and B+ are two).", text, StringComparison.Ordinal);
        Assert.Matches(@"│ too_short +│ 147 +│ \d+ +│ \d+ +│ [\d.]+ \(\d+/\d+\) +│", text);
        Assert.Matches(@"Clean answers \(no expected flag\) with a critical miss: \d+ of 493", text);
        Assert.Contains("Confusion, rubric only: the coach's grade (rows) by the grader's (columns)", text, StringComparison.Ordinal);
        Assert.Matches(@"Worst disagreements, rubric only \(3 of the \d+ that differ\):", text);
        Assert.Contains("    coach: ", text, StringComparison.Ordinal);
        Assert.Contains("Gate, the target (eval.yaml; CI checks the test split; this is dev), rubric only:", text, StringComparison.Ordinal);
        Assert.Contains("Floor, what CI holds until the gate is met (eval.yaml), rubric only:", text, StringComparison.Ordinal);
        Assert.Matches(@"  within one step: [\d.]+ % \(\d+/1143\), must be >= 90 %: (pass|FAIL)", text);
        Assert.Contains("rubric + LLM: not run", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_FolderHoldingTheSplits_SaysWhichToPass()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("prompts", "eval", "--set", "prompts/eval");

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("prompts/eval: no manifest.yaml here; its splits are prompts/eval/dev and prompts/eval/test: pass one of them to --set", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_UnknownExpectedFlag_NamesTheLineAndTheKnownFlags()
    {
        var set = Path.Combine(_dir, "eval", "mine");
        Directory.CreateDirectory(set);
        File.Copy(RepoPaths.InRepo("prompts", "eval", "eval.yaml"), Path.Combine(_dir, "eval", "eval.yaml"));
        File.WriteAllText(Path.Combine(set, "manifest.yaml"), "company: netflix\nanswers:\n  - question_id: netflix-recruiter-why-netflix\n    transcript: I love it.\n    duration_s: 10\n    expected_grade: D\n    expected_flags: [too_short, cut_off]\n");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("prompts", "eval", "--set", "eval/mine", "--prompts", RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("eval/mine/manifest.yaml:3: expected_flags: 'cut_off' is not a flag eval.yaml knows; use one of no_answer, no_example,", cli.ConsoleText.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_SetWithoutEvalYaml_PrintsFiguresWithoutAGate()
    {
        var set = Path.Combine(_dir, "set");
        Directory.CreateDirectory(set);
        File.WriteAllText(Path.Combine(set, "manifest.yaml"), "company: netflix\nanswers:\n  - question_id: netflix-recruiter-why-netflix\n    transcript: I love it.\n    duration_s: 10\n    expected_grade: D\n");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("prompts", "eval", "--set", "set", "--prompts", RepoPaths.InRepo("prompts"));

        Assert.True(code == ExitCodes.Success, cli.ConsoleText);
        Assert.Matches(@"rubric only: exact \d/1 \(\d+ %\), within one step \d/1 \(\d+ %\), mean distance \d\.\d steps, Spearman – \(one grade throughout\)", cli.ConsoleText);
        Assert.DoesNotContain("Gate, the target", cli.ConsoleText, StringComparison.Ordinal);
        Assert.DoesNotContain("Floor, what CI holds", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_AnswerWithoutExpectedGrade_NamesTheLine()
    {
        var set = Path.Combine(_dir, "set");
        Directory.CreateDirectory(set);
        File.WriteAllText(Path.Combine(set, "manifest.yaml"), "company: netflix\nanswers:\n  - question_id: netflix-recruiter-why-netflix\n    transcript: I love it.\n    duration_s: 10\n");
        using var cli = new CliHarness();

        var code = await cli.RunAsync("prompts", "eval", "--set", set);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("manifest.yaml:3: expected_grade: is missing", cli.ConsoleText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--llm", "not a url", "not a URL")]
    [InlineData("--llm-key-env", "VOICECOACH_TEST_UNSET_KEY", "VOICECOACH_TEST_UNSET_KEY: that environment variable is not set")]
    public async Task Grade_BadLlmOption_OneRedLine(string option, string value, string expected)
    {
        using var cli = new CliHarness();
        var args = option == "--llm" ? new[] { "grade", "--manifest", "samples/manifest.yaml", "--llm", value } : ["grade", "--manifest", "samples/manifest.yaml", "--llm", "http://127.0.0.1:9/v1", option, value];

        var code = await cli.RunAsync(args);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains(expected, cli.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigFile_ApiKeyWritten_IsRefused()
    {
        var ex = Assert.Throws<PromptFileException>(() => LlmConfigFile.Load(new StringReader("llm:\n  url: http://x/v1\n  api_key: sk-123\n"), "voicecoach.yaml"));

        Assert.Equal("voicecoach.yaml:3:12: llm.api_key: keys do not belong in config files; put the key in an environment variable and name it with api_key_env", ex.Message);
    }

    [Fact]
    public void ConfigFile_Tuning_AppliesToOptions()
    {
        var file = LlmConfigFile.Load(new StringReader("llm:\n  url: http://x/v1\n  attempt_timeout_s: 2\n  total_timeout_s: 4\n  retries: 1\n"), "voicecoach.yaml");

        var options = file.ApplyTo(new LlmOptions { Endpoint = new Uri(file.Url!) }).Validate();

        Assert.Equal(TimeSpan.FromSeconds(2), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), options.TotalTimeout);
        Assert.Equal(1, options.MaxRetries);
    }

    [Fact]
    public void Options_TotalBelowAttempt_NamesBothSettings()
    {
        var options = new LlmOptions { Endpoint = new Uri("http://x/v1"), AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(5) };

        var ex = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Equal("llm total timeout (5 s) must be at least the attempt timeout (10 s)", ex.Message);
    }

    [Fact]
    public async Task Check_QuestionValueTheCompanyLacks_OneRedLineNamingFileLineAndColumn()
    {
        var prompts = CopyPrompts();
        var file = Path.Combine(prompts, "questions", "netflix-question-bank.yaml");
        var lines = File.ReadAllLines(file);
        var line = Array.FindIndex(lines, l => l.Contains("values: [candor, courage]", StringComparison.Ordinal)) + 1;
        var column = lines[line - 1].IndexOf("courage", StringComparison.Ordinal) + 1;
        File.WriteAllText(file, File.ReadAllText(file).Replace("values: [candor, courage]", "values: [candor, bravery]", StringComparison.Ordinal));
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("prompts", "check", "--prompts", prompts);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Matches($@"questions/netflix-question-bank\.yaml:{line}:{column}: questions\[\d+\]\.values\[1\]: 'bravery' is not a principle or value in companies/netflix\.yaml; use one of: .*courage",
            cli.ConsoleText.Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    private string CopyPrompts() => RepoPaths.CopyPrompts(Path.Combine(_dir, "prompts"));
}
