using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Evaluation;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Support;

/// <summary>The repository's labelled set (prompts/eval): its eval.yaml and its splits, loaded as the CLI loads them.</summary>
internal static class LabelledSet
{
    public static readonly string[] Splits = ["dev", "test"];

    private static readonly Lazy<EvalSettings> LazySettings = new(() =>
    {
        using var reader = new StreamReader(RepoPaths.InRepo("prompts", "eval", EvalSettings.FileName));
        return EvalSettings.Load(reader, "prompts/eval/" + EvalSettings.FileName);
    });

    public static EvalSettings Settings => LazySettings.Value;

    public static IReadOnlyList<string> Scale => TestLibrary.Library.Rubric.Grades.Select(g => g.Letter).ToList();

    /// <summary>A split's manifest, its flags checked against eval.yaml.</summary>
    public static GradeManifest Load(string split)
    {
        var file = $"prompts/eval/{split}/manifest.yaml";
        using var reader = new StreamReader(RepoPaths.InRepo("prompts", "eval", split, "manifest.yaml"));
        var manifest = GradeManifest.Load(reader, file, TestLibrary.Library.Questions);
        Settings.CheckLabels(manifest, file);
        return manifest;
    }

    /// <summary>
    /// Grades a split with the rubric grader (no LLM), as `prompts eval --set prompts/eval/SPLIT --llm off` does: with the
    /// calibration in prompts/grading/calibration.json when the repository ships one.
    /// </summary>
    public static EvalMetrics GradeWithRubric(string split)
    {
        var manifest = Load(split);
        var library = TestLibrary.Library;
        var calibration = GradeCalibration.LoadIfPresent(library.Directory, "prompts", library.Rubric);
        var grader = new RubricGrader(library.Rubric, library.Company(manifest.Company), TestGrading.Semantic(library), calibration);
        var cases = manifest.Answers.Select((a, i) => EvalCase.From(a, grader.Grade(a.ToTypedAnswer(i + 1)), i + 1)).ToList();
        return EvalMetrics.Compute(cases, Scale, Settings.Flags);
    }
}
