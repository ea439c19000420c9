using System.Globalization;
using System.Text;
using VoiceCoach.Grading.Evaluation;
using VoiceCoach.Tests.Support;
using Xunit.Abstractions;

namespace VoiceCoach.Tests.Grading.Evaluation;

/// <summary>
/// The CI gate of issue 12: on the labelled set's test split, the rubric grader (no LLM) must be within
/// one grade step of the coach on enough answers, rank the answers like the coach, and give no clean
/// answer a critical miss. The bounds live in prompts/eval/eval.yaml. Tune on the dev split, never here.
/// </summary>
public sealed class LabelledSetGateTests(ITestOutputHelper output)
{
    [Fact]
    public void RubricGrader_TestSplit_MeetsTheGateInEvalYaml()
    {
        var gate = LabelledSet.Settings.Gate;
        var metrics = LabelledSet.GradeWithRubric(gate.Split);

        var checks = gate.Evaluate(metrics);

        var report = Report(gate, metrics, checks);
        output.WriteLine(report);
        Assert.True(checks.All(c => c.Passed), report);
    }

    /// <summary>The figures, then the answers that broke a bound: more than one step off, and clean answers given a critical miss.</summary>
    private static string Report(EvalGate gate, EvalMetrics m, IReadOnlyList<GateCheck> checks)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Gate on prompts/eval/{gate.Split} ({m.Count} answers), rubric grader, bounds from prompts/eval/eval.yaml:");
        foreach (var c in checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {(c.Passed ? "pass" : "FAIL")}  {c.Name}: {c.Actual} (must be {c.Bound})");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  exact {m.Exact}/{m.Count}, mean distance {m.MeanDistance:0.00} steps");
        var off = m.Worst(m.Count).Where(d => Math.Abs(d.Steps) > 1).ToList();
        if (off.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"More than one step from the coach ({off.Count}), furthest first:");
            foreach (var d in off)
            {
                var c = d.Case;
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {c.Id} ({c.Kind}): coach {c.ExpectedGrade}, rubric {c.Grade} ({d.Steps:+0;-0} steps); coach's flags [{string.Join(", ", c.ExpectedFlags ?? [])}], rubric's [{string.Join(", ", c.Flags)}]");
                text.AppendLine(CultureInfo.InvariantCulture, $"      why: {c.Note}");
            }
        }

        if (m.CleanCriticalMisses.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Clean answers given a critical miss ({m.CleanCriticalMisses.Count}):");
            foreach (var c in m.CleanCriticalMisses)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {c.Id} ({c.Kind}): {c.CriticalMiss}; coach {c.ExpectedGrade}, rubric {c.Grade}");
            }
        }

        text.AppendLine("Tune on prompts/eval/dev (`voicecoach prompts eval --set prompts/eval/dev`); don't edit the test answers to pass.");
        return text.ToString();
    }
}
