using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Evaluation;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Evaluation;

public class EvalSettingsTests
{
    private const string Valid = """
        gate:
          split: test
          within_one_min: 0.9
          spearman_min: 0.85
          clean_critical_misses_max: 0
        flags: [no_example, incomplete]
        floor:
          within_one_min: 0.75
          spearman_min: 0.80
          clean_critical_misses_max: 0
        """;

    private static readonly string[] Scale = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"];

    private static EvalSettings Load(string yaml) => EvalSettings.Load(new StringReader(yaml), "eval.yaml");

    [Fact]
    public void Load_ShippedFile_HasTheIssuesBoundsAndTheGradersFlagNames()
    {
        using var reader = new StreamReader(RepoPaths.InRepo("prompts", "eval", EvalSettings.FileName));

        var settings = EvalSettings.Load(reader, "prompts/eval/eval.yaml");

        Assert.Equal(new EvalGate("test", 0.90, 0.85, 0), settings.Gate);
        Assert.Equal("test", settings.Floor.Split);
        Assert.InRange(settings.Floor.WithinOneMin, 0.5, settings.Gate.WithinOneMin);
        Assert.InRange(settings.Floor.SpearmanMin, 0.5, settings.Gate.SpearmanMin);
        Assert.Equal(0, settings.Floor.CleanCriticalMissesMax);
        Assert.Contains("no_example", settings.Flags);
        Assert.Contains("no_answer", settings.Flags);
        Assert.Equal(settings.Flags.Count, settings.Flags.Distinct().Count());
    }

    [Theory]
    [InlineData("within_one_min: 0.9", "within_one_min: 90", "eval.yaml:3:19: gate.within_one_min: 90 is out of range; expected a share from 0 to 1 (0.9 is 90 %)")]
    [InlineData("spearman_min: 0.85", "spearman_min: high", "eval.yaml:4:17: gate.spearman_min: 'high' is not a number")]
    [InlineData("clean_critical_misses_max: 0", "clean_critical_misses_max: -1", "eval.yaml:5:30: gate.clean_critical_misses_max: -1 is negative")]
    [InlineData("flags: [no_example, incomplete]", "flags: [no_example, no_example]", "eval.yaml:6:8: flags: 'no_example' is listed twice")]
    [InlineData("flags: [no_example, incomplete]", "flags: [no_example, Cut-Off]", "eval.yaml:6:8: flags: 'Cut-Off' is not a flag name")]
    public void Load_BadField_NamesFileLineAndField(string good, string bad, string expected)
    {
        var ex = Assert.Throws<PromptFileException>(() => Load(Valid.Replace(good, bad, StringComparison.Ordinal)));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoGate_SaysWhatItHolds()
    {
        var ex = Assert.Throws<PromptFileException>(() => Load("flags: [no_example]\n"));

        Assert.Contains("gate: is missing; it holds split, within_one_min, spearman_min and clean_critical_misses_max", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("within_one_min: 0.75", "within_one_min: 0.95", "eval.yaml:8:19: floor.within_one_min: 0.95 is above the gate's 0.9; a floor is at most the gate")]
    [InlineData("spearman_min: 0.80", "spearman_min: 0.90", "eval.yaml:9:17: floor.spearman_min: 0.9 is above the gate's 0.85; a floor is at most the gate")]
    public void Load_FloorAboveTheGate_SaysAFloorIsAtMostTheGate(string good, string bad, string expected)
    {
        var ex = Assert.Throws<PromptFileException>(() => Load(Valid.Replace(good, bad, StringComparison.Ordinal)));

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Load_NoFloor_SaysWhatItHolds()
    {
        var ex = Assert.Throws<PromptFileException>(() => Load(Valid[..Valid.IndexOf("floor:", StringComparison.Ordinal)]));

        Assert.Contains("floor: is missing; it holds within_one_min, spearman_min and clean_critical_misses_max", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLabels_UnknownExpectedFlag_NamesTheManifestLineAndTheKnownFlags()
    {
        var manifest = GradeManifest.Load(
            new StringReader("company: netflix\nanswers:\n  - question_id: netflix-recruiter-why-netflix\n    transcript: I love it.\n    duration_s: 10\n    expected_grade: C\n    expected_flags: [cut_off]\n"),
            "set/manifest.yaml",
            TestLibrary.Library.Questions);

        var ex = Assert.Throws<PromptFileException>(() => Load(Valid).CheckLabels(manifest, "set/manifest.yaml"));

        Assert.Equal("set/manifest.yaml:3: expected_flags: 'cut_off' is not a flag eval.yaml knows; use one of no_example, incomplete", ex.Message);
    }

    [Fact]
    public void Evaluate_FiguresOnBothSidesOfTheBounds_PassesAndFailsEachBound()
    {
        var cases = new[]
        {
            Case("a", "A", "A", [], null),
            Case("b", "B", "B-", [], "capped at D by off_topic"),
            Case("c", "D", "D", ["no_example"], "capped at D by no_example"),
            Case("d", "C", "A", ["incomplete"], null),
        };
        var metrics = EvalMetrics.Compute(cases, Scale, ["no_example"]);

        var checks = new EvalGate("test", 0.75, 0.7, 0).Evaluate(metrics);

        Assert.Equal(
            [
                new GateCheck("within one step", "75 % (3/4)", ">= 75 %", true),
                new GateCheck("Spearman", "0.63", ">= 0.70", false),
                new GateCheck("clean answers with a critical miss", "1 of 2", "<= 0", false),
            ],
            checks);
    }

    [Fact]
    public void Evaluate_OneGradeThroughout_SpearmanIsUndefinedAndFails()
    {
        var metrics = EvalMetrics.Compute([Case("a", "A", "B", [], null), Case("b", "C", "B", [], null)], Scale, []);

        var spearman = new EvalGate("test", 0, -1, 5).Evaluate(metrics)[1];

        Assert.Equal(new GateCheck("Spearman", "undefined (one grade throughout)", ">= -1.00", false), spearman);
    }

    private static EvalCase Case(string id, string expected, string given, string[] expectedFlags, string? miss) =>
        new() { Id = id, ExpectedGrade = expected, Grade = given, ExpectedFlags = expectedFlags, CriticalMiss = miss };
}
