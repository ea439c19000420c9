using System.Globalization;
using System.Text;
using VoiceCoach.Grading.Evaluation;
using VoiceCoach.Tests.Support;
using Xunit.Abstractions;

namespace VoiceCoach.Tests.Grading.Evaluation;

/// <summary>
/// The labelled set in CI (issue 12): on the test split, the rubric grader (no LLM) must stay within one grade
/// step of the coach on enough answers, rank the answers like the coach, and give no clean answer a critical miss.
/// CI holds eval.yaml's floor (the figures reached so far) and prints where the grader stands against the gate
/// (the issue's target). Tune on the dev split, never here.
/// </summary>
public sealed class LabelledSetGateTests(ITestOutputHelper output)
{
    [Fact]
    public void RubricGrader_TestSplit_HoldsTheFloorInEvalYaml()
    {
        var settings = LabelledSet.Settings;
        var metrics = LabelledSet.GradeWithRubric(settings.Gate.Split);

        var floor = settings.Floor.Evaluate(metrics);

        var report = "Floor (CI):\n" + Lines(floor) + Report(settings.Gate, metrics, settings.Gate.Evaluate(metrics));
        output.WriteLine(report);
        Assert.True(floor.All(c => c.Passed), report);
    }

    private static string Lines(IEnumerable<GateCheck> checks) =>
        string.Concat(checks.Select(c => string.Create(CultureInfo.InvariantCulture, $"  {(c.Passed ? "pass" : "FAIL")}  {c.Name}: {c.Actual} (must be {c.Bound})\n")));

    /// <summary>
    /// The figures only. The answers behind them are not named: whoever reads which held-out answers the grader
    /// misses starts tuning on them, and the split stops measuring unseen answers (the first test split went that way).
    /// </summary>
    private static string Report(EvalGate gate, EvalMetrics m, IReadOnlyList<GateCheck> checks)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Gate (the target) on prompts/eval/{gate.Split} ({m.Count} answers), rubric grader, bounds from prompts/eval/eval.yaml:");
        text.Append(Lines(checks));

        var off = m.Worst(m.Count).Count(d => Math.Abs(d.Steps) > 1);
        text.AppendLine(CultureInfo.InvariantCulture, $"  exact {m.Exact}/{m.Count}, mean distance {m.MeanDistance:0.00} steps, {off} more than one step from the coach, {m.CleanCriticalMisses.Count} clean answers given a critical miss");
        text.AppendLine("Which answers are not named here on purpose: find the kind of answer that broke on prompts/eval/dev (`voicecoach prompts eval --set prompts/eval/dev`), or write one like it there; don't read or edit the test answers.");
        return text.ToString();
    }
}
