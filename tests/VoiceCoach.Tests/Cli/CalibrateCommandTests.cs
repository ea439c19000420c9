using System.Globalization;
using System.Text;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Grading.Calibration;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Cli;

/// <summary>`voicecoach grading calibrate`, and every grading path using (and naming) the weights it writes.</summary>
public sealed class CalibrateCommandTests : IDisposable
{
    private const string Source = "VoiceCoach rubric (deterministic) + calibration trained on 183 labelled answers";

    private readonly string _dir = Directory.CreateTempSubdirectory("vc-calibrate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Calibrate_LabelledSetWithForce_PrintsTheCrossValidationTableAndWritesTheWeights()
    {
        WriteSet(answer => answer.Expected);
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grading", "calibrate", "--set", "set", "--output", "w.json", "--prompts", RepoPaths.InRepo("prompts"), "--force");

        var text = Flat(cli.ConsoleText);
        Assert.True(code == ExitCodes.Success, text);
        Assert.Contains("The coach's grade on answers the model never saw: rubric / calibrated / blend", text, StringComparison.Ordinal);
        Assert.Contains("10-fold: all", text, StringComparison.Ordinal);
        Assert.Contains("Wrote w.json. Grading is unchanged: grade, practice, serve, regrade and prompts eval read ", text, StringComparison.Ordinal);
        Assert.Contains("calibration.json; copy the weights there to grade with them.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("now grade with", text, StringComparison.Ordinal);
        var weights = GradeCalibration.Load(Path.Combine(_dir, "w.json"), "w.json", TestLibrary.Library.Rubric);
        Assert.Equal(15, weights.Facts.LabelledAnswers);
        Assert.Equal(CalibrationFeatures.Names, weights.Features);
    }

    [Fact]
    public async Task Calibrate_Worst_ListsThatManyHeldOutAnswersFurthestFromTheCoach()
    {
        WriteSet(answer => answer.Expected);
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grading", "calibrate", "--set", "set", "--output", "w.json", "--prompts", RepoPaths.InRepo("prompts"), "--force", "--worst", "3");

        var text = Flat(cli.ConsoleText);
        Assert.True(code == ExitCodes.Success, text);

        // Fifteen answers are one batch: the list is k-fold's, like the deciding row.
        Assert.Contains("Held out (k-fold): the answers furthest from the coach", text, StringComparison.Ordinal);
        var listed = System.Text.RegularExpressions.Regex.Matches(text, @"│ #\d+ +│").Count;
        Assert.Equal(3, listed);
    }

    [Fact]
    public async Task Calibrate_NoOutputGiven_WritesThePromptsFoldersWeightsAndSaysGradingNowUsesThem()
    {
        WriteSet(answer => answer.Expected);
        var prompts = RepoPaths.CopyPrompts(Path.Combine(_dir, "prompts"));
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grading", "calibrate", "--set", "set", "--prompts", prompts, "--force");

        var text = Flat(cli.ConsoleText);
        Assert.True(code == ExitCodes.Success, text);
        Assert.Contains($"Wrote {Path.Combine("prompts", "grading", "calibration.json")}: grade, practice, serve, regrade and prompts eval now grade with the rubric + calibration trained on 15 labelled answers.", text, StringComparison.Ordinal);
        Assert.Equal(15, GradeCalibration.Load(Path.Combine(prompts, "grading", "calibration.json"), "calibration.json", TestLibrary.Library.Rubric).Facts.LabelledAnswers);
    }

    [Fact]
    public async Task Calibrate_RubricAlreadyAgreesWithEveryLabel_RefusesAndWritesNothing()
    {
        // Labels equal to the rubric's grades: nothing can beat it, so the weights are not worth using.
        WriteSet(answer => TestLibrary.Grader.Grade(answer.ToGrade()).Grade);
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grading", "calibrate", "--set", "set", "--output", "w.json", "--prompts", RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("the calibrated grade does not beat the rubric alone on held-out answers (10-fold: ", Flat(cli.ConsoleText), StringComparison.Ordinal);
        Assert.Contains("weights not written, grading stays the rubric's (add labels, or pass --force to write them anyway)", Flat(cli.ConsoleText), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "w.json")));
    }

    [Fact]
    public async Task Calibrate_TooFewAnswersToLearnFrom_OneRedLineSayingHowMany()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "set"));
        File.WriteAllText(Path.Combine(_dir, "set", "manifest.yaml"), $"company: netflix\nanswers:\n  - question_id: {Answers.JudgmentId}\n    transcript: \"{Answers.GoodStory}\"\n    duration_s: 40\n    expected_grade: A\n  - question_id: {Answers.JudgmentId}\n    transcript: \"\"\n    duration_s: 40\n    expected_grade: F\n");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grading", "calibrate", "--set", "set", "--output", "w.json", "--prompts", RepoPaths.InRepo("prompts"));

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("set: 1 of its 2 answers have speech the caps leave room to grade; calibration needs at least 10: label more answers", Flat(cli.ConsoleText), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "w.json")));
    }

    [Fact]
    public async Task Grade_WeightsInThePromptsFolder_ReportAndSessionJsonNameTheCalibratedGradeAndItsSource()
    {
        var prompts = RepoPaths.CopyPrompts(Path.Combine(_dir, "prompts"));
        using (var stream = File.Create(Path.Combine(prompts, "grading", "calibration.json")))
        {
            GradeCalibrationTests.Constant(20).Save(stream);
        }

        File.WriteAllText(Path.Combine(_dir, "m.yaml"), $"company: netflix\nanswers:\n  - question_id: {Answers.JudgmentId}\n    transcript: \"{Answers.GoodStory}\"\n    duration_s: 40\n");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--out", "out", "--prompts", prompts);

        Assert.True(code == ExitCodes.Success, cli.ConsoleText);
        var json = File.ReadAllText(Path.Combine(_dir, "out", "session.json"));
        Assert.Contains($"\"grader\": \"{Source}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"grade\": \"B+\",\n      \"rubric_grade\": \"B+\",\n      \"uncalibrated_grade\": \"A\",", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(_dir, "out", "report.md"));
        Assert.Contains($"**Coach:** {Source}", report, StringComparison.Ordinal);
        Assert.Contains("**Grade: B+** (the rubric alone gave A; calibrated on the coach's labels)", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_MalformedWeights_WarnsNamingTheFileAndGradesWithThePlainRubric()
    {
        var prompts = RepoPaths.CopyPrompts(Path.Combine(_dir, "prompts"));
        File.WriteAllText(Path.Combine(prompts, "grading", "calibration.json"), "{ \"features\": [\"score\"] ");
        File.WriteAllText(Path.Combine(_dir, "m.yaml"), $"company: netflix\nanswers:\n  - question_id: {Answers.JudgmentId}\n    transcript: \"{Answers.GoodStory}\"\n    duration_s: 40\n");
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("grade", "--manifest", "m.yaml", "--out", "out", "--prompts", prompts);

        Assert.True(code == ExitCodes.Success, cli.ConsoleText);
        Assert.Contains("warning: prompts/grading/calibration.json: not JSON (", Flat(cli.ConsoleText), StringComparison.Ordinal);
        Assert.Contains("Grading with the plain rubric.", Flat(cli.ConsoleText), StringComparison.Ordinal);
        var json = File.ReadAllText(Path.Combine(_dir, "out", "session.json"));
        Assert.Contains("\"grader\": \"VoiceCoach rubric (deterministic)\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("uncalibrated_grade", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_WeightsInThePromptsFolder_SaysTheGradesAreCalibratedAndInSample()
    {
        var prompts = RepoPaths.CopyPrompts(Path.Combine(_dir, "prompts"));
        using (var stream = File.Create(Path.Combine(prompts, "grading", "calibration.json")))
        {
            GradeCalibrationTests.Constant(20).Save(stream);
        }

        WriteSet(answer => answer.Expected);
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("prompts", "eval", "--set", "set", "--prompts", prompts);

        Assert.True(code == ExitCodes.Success, cli.ConsoleText);
        Assert.Contains("Grades: the rubric + calibration trained on 183 labelled answers (prompts/eval/dev, grading/calibration.json in the prompts folder). On the answers it was trained on these figures are in-sample;", Flat(cli.ConsoleText), StringComparison.Ordinal);
    }

    private static string Flat(string console) => console.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal);

    /// <summary>Fifteen typed answers of every kind of quality in set/manifest.yaml, each labelled by <paramref name="label"/>.</summary>
    private void WriteSet(Func<SetAnswer, string> label)
    {
        SetAnswer[] answers =
        [
            new(Answers.JudgmentId, Answers.GoodStory, 40, "A"),
            // (Not the courage question: a story that names only judgment tells the judgment question's story, off topic there.)
            new(Answers.JudgmentId, Answers.GoodStory, 45, "A-"),
            new(Answers.CourageId, Answers.OpinionOnly, 30, "D"),
            new(Answers.JudgmentId, Answers.OpinionOnly, 25, "D-"),
            new(Answers.ExcitesId, Answers.CutOff, 25, "C"),
            new(Answers.ExcitesId, Answers.GoodMotivation, 35, "A"),
            new(Answers.WhyMoveId, Answers.RedFlag, 30, "D"),
            new(Answers.WhyNetflixId, Answers.RedFlag, 30, "D+"),
            new(Answers.MlopsId, Answers.Ramble, 95, "C-"),
            new(Answers.WhyNetflixId, Answers.GoodMotivation, 35, "A-"),
            new(Answers.MlopsId, Answers.GoodStory, 40, "B+"),
            new(Answers.WhyMoveId, Answers.GoodMotivation, 80, "B"),
            // A full-length critical miss lands at its cap (rubric critical.full_answer_floor), which leaves the calibration
            // nothing to place: three more answers it can, so ten of the fifteen are trainable.
            new(Answers.JudgmentId, Answers.Ramble, 95, "C"),
            new(Answers.ExcitesId, Answers.GoodMotivation, 75, "B+"),
            new(Answers.WhyNetflixId, Answers.GoodMotivation, 20, "B-"),
        ];
        var yaml = new StringBuilder("company: netflix\nanswers:\n");
        foreach (var a in answers)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - question_id: {a.QuestionId}\n    transcript: \"{a.Text}\"\n    duration_s: {a.Seconds}\n    expected_grade: \"{label(a)}\"\n");
        }

        Directory.CreateDirectory(Path.Combine(_dir, "set"));
        File.WriteAllText(Path.Combine(_dir, "set", "manifest.yaml"), yaml.ToString());
    }

    private sealed record SetAnswer(string QuestionId, string Text, double Seconds, string Expected)
    {
        public Core.Grading.AnswerToGrade ToGrade() => TestLibrary.Typed(QuestionId, Text, Seconds);
    }
}
