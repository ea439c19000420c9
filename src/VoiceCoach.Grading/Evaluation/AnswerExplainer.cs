using System.Globalization;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Evaluation;

/// <summary>
/// Everything one grade came from, as lines of text (`voicecoach grading explain`, issue 12): the grade and what capped
/// it, each critical-miss check with its confidence against the rubric's bars, the relevance and stance measures, each
/// sentence with its STAR-Lite part and the red-flag stance classifier's strongest classes, and the calibration's largest
/// pulls. It is how a disagreement with the coach is read without a debugger. The sentences are encoded once more for the
/// stance classes (the analysis keeps no vectors); it is a diagnostic, never on a grading path. Deterministic; writes nothing.
/// </summary>
public sealed class AnswerExplainer
{
    private readonly RubricGrader _grader;
    private readonly SemanticModel _semantic;
    private readonly RubricSettings _rubric;

    public AnswerExplainer(RubricGrader grader, SemanticModel semantic, RubricSettings rubric)
    {
        ArgumentNullException.ThrowIfNull(grader);
        ArgumentNullException.ThrowIfNull(semantic);
        ArgumentNullException.ThrowIfNull(rubric);
        _grader = grader;
        _semantic = semantic;
        _rubric = rubric;
    }

    /// <summary>How many of the calibration's features are listed, largest pull first.</summary>
    public int Pulls { get; init; } = 8;

    /// <summary>The explanation of one answer, one line per entry.</summary>
    public IReadOnlyList<string> Explain(AnswerToGrade answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var byRubric = _grader.GradeByRubric(answer, cancellationToken);
        var graded = _grader.Grade(byRubric);
        var f = graded.Findings;
        var q = answer.Question;
        var lines = new List<string>
        {
            $"question: {q.Id} ({q.Kind}): {q.Text}",
            Line($"grade: {graded.Grade} (rubric {graded.RubricGrade}, the caps allow {_rubric.Grades[byRubric.Range.Best].Letter} to {_rubric.Grades[byRubric.Range.Worst].Letter}), capped by {graded.CappedBy ?? "nothing"}, score {graded.Score:0.##}"),
            $"flags: {(graded.Flags.Count == 0 ? "none" : string.Join(", ", graded.Flags))}",
            Line($"length: {f.LengthSeconds} s judged ({f.LengthVerdict}; target {f.TargetSeconds.Min}-{f.TargetSeconds.Max} s), {f.DurationSeconds} s recorded, {f.Words} words, {f.WordsPerMinute} wpm"),
            Line($"critical-miss checks (a cap from {_rubric.Critical.CapConfidence}, a needs-work point from {_rubric.Critical.NeedsWorkConfidence}):"),
        };
        lines.AddRange(f.CriticalMisses.Count == 0 ? ["  none"] : f.CriticalMisses.Select(c => Line($"  {c.Flag} {c.Confidence:0.00} ({Bar(c.Confidence)}): {c.Reason}")));
        lines.Add(Line($"relevance: to the question {f.RelevanceSimilarity}, closer questions {f.CloserQuestionsShare}, talking points {f.TalkingPointSimilarity} (covered {f.TalkingPointsCovered}), misconception lean {f.MisconceptionLean}, sibling margins {f.SiblingSentenceMargin:0.###} (sentence) {f.SiblingAnswerMargin:0.###} (answer)"));
        lines.Add(Line($"example: {(f.HasExample ? "yes" : "no")} (story evidence {f.StoryEvidence:0.##}, opinion markers {f.OpinionMarkers}); decline likeness {f.DeclineSimilarity}; red-flag stance max {f.RedFlagStanceMax:0.###}, stated {f.RedFlagStanceStatedMax:0.###}"));
        lines.Add($"values: {(f.Values.Count == 0 ? "none" : string.Join("; ", f.Values.Select(v => $"{v.Name} ({(v.Tied ? "shown" : v.Named ? "named" : "evidence")}: {string.Join(", ", v.Phrases)})")))}");
        lines.Add($"red flags heard: {(f.RedFlags.Count == 0 ? "none" : string.Join("; ", f.RedFlags.Select(r => $"{r.Id} ({r.Severity}) \"{r.Phrase}\"")))}");
        lines.Add($"criteria: {string.Join(", ", graded.Criteria.Select(c => Line($"{c.Key} {c.Value:0}")))}");
        lines.Add("sentences:");
        lines.AddRange(Sentences(f.Sentences, cancellationToken));
        if (_grader.Calibration is { } calibration && !f.NoAnswer)
        {
            lines.AddRange(Calibration(calibration, byRubric.Graded));
        }

        return lines;
    }

    private string Bar(double confidence) =>
        confidence >= _rubric.Critical.CapConfidence ? "cap" : confidence >= _rubric.Critical.NeedsWorkConfidence ? "needs work" : "below both";

    /// <summary>Each sentence with its STAR-Lite part and, with a stance classifier, its two strongest classes.</summary>
    private IEnumerable<string> Sentences(IReadOnlyList<LabeledSentence> sentences, CancellationToken cancellationToken)
    {
        var stance = _semantic.RedFlags;
        var vectors = stance is null || sentences.Count == 0 ? [] : _semantic.Encoder.Encode(sentences.Select(s => s.Text).ToList(), cancellationToken);
        for (var i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            yield return Line($"  {i + 1} [{s.Part}] {s.Text}");
            if (stance is not null)
            {
                var p = stance.Predict(RedFlagFeatures.Build(vectors[i], WordText.Words(s.Text)));
                var top = p.Select((x, k) => (Class: stance.Classes[k], P: x)).OrderByDescending(x => x.P).Take(2);
                yield return "      stance: " + string.Join(", ", top.Select(t => Line($"{t.Class} {t.P:0.00}")));
            }
        }
    }

    /// <summary>The calibration's prediction and its ridge's largest pulls (weight × standardised feature; positive is a worse grade).</summary>
    private IEnumerable<string> Calibration(GradeCalibration calibration, GradedAnswer rubricGraded)
    {
        var x = CalibrationFeatures.Vector(rubricGraded, _rubric);
        var fit = calibration.Fit;
        yield return Line($"calibration ({calibration.Source}): step {calibration.Predict(x):0.00} (0 = {_rubric.Grades[0].Letter}), ridge {fit.Predict(x):0.00}{(calibration.Forest is { } forest ? $", trees {forest.Predict(x):0.00} at weight {calibration.ForestWeight}" : string.Empty)}");
        var z = RidgeRegression.Standardise(x, fit.Mean, fit.Scale);
        var pulls = Enumerable.Range(0, x.Length)
            .Select(j => (Name: calibration.Features[j], Value: x[j], Pull: fit.Weights[j] * z[j]))
            .OrderByDescending(p => Math.Abs(p.Pull))
            .Take(Pulls);
        foreach (var p in pulls)
        {
            yield return Line($"  {p.Name} = {p.Value:0.###}: {p.Pull:+0.00;-0.00} steps");
        }
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
