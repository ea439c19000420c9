using VoiceCoach.Grading;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Evaluation;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Evaluation;

/// <summary>
/// `grading explain` (hidden) prints what a grade came from: the grade and its cap, each critical-miss check against the
/// rubric's bars, every sentence with its STAR-Lite part and the stance classifier's strongest class, and the
/// calibration's largest pulls.
/// </summary>
public class AnswerExplainerTests
{
    // Written for these tests: a story to the courage question that blames a colleague and names no value.
    private const string Story = "Last spring our ranking job kept failing every night and the on-call rotation was exhausted. "
        + "I pushed to rewrite the retry logic even though my lead wanted to wait a quarter. I built a small prototype over a week, "
        + "showed the failure rate dropping from twelve percent to one, and we shipped it. Honestly the problem was him, he never reviewed anything on time.";

    private static readonly string[] Expected = ["question: netflix-recruiter-values-courage", "grade: ", "flags: ", "critical-miss checks", "relevance: ", "sentences:"];

    [Fact]
    public void Explain_TypedStory_NamesTheGradeEveryCheckAndEverySentence()
    {
        var library = TestLibrary.Library;
        var explainer = new AnswerExplainer(TestLibrary.Grader, TestGrading.Semantic(library), library.Rubric);
        var answer = TestLibrary.Typed("netflix-recruiter-values-courage", Story, 40);
        var graded = TestLibrary.Grader.Grade(answer);

        var lines = explainer.Explain(answer);

        Assert.All(Expected, e => Assert.Contains(lines, l => l.StartsWith(e, StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith($"grade: {graded.Grade} (rubric {graded.RubricGrade}", StringComparison.Ordinal));
        Assert.All(graded.Findings.CriticalMisses, c => Assert.Contains(lines, l => l.StartsWith($"  {c.Flag} ", StringComparison.Ordinal) && l.Contains(c.Reason, StringComparison.Ordinal)));
        Assert.Equal(graded.Findings.Sentences.Count, lines.Count(l => l.StartsWith("      stance: ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("[Action] I built a small prototype", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("calibration", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_WithTheShippedCalibration_ListsItsLargestPulls()
    {
        var library = TestLibrary.Library;
        var calibration = GradeCalibration.LoadIfPresent(library.Directory, "prompts", library.Rubric)!;
        var grader = new RubricGrader(library.Rubric, library.Company("netflix"), TestGrading.Semantic(library), calibration);
        var explainer = new AnswerExplainer(grader, TestGrading.Semantic(library), library.Rubric) { Pulls = 3 };

        var lines = explainer.Explain(TestLibrary.Typed("netflix-recruiter-values-courage", Story, 40)).ToList();

        var at = lines.FindIndex(l => l.StartsWith("calibration (calibration trained on", StringComparison.Ordinal));
        Assert.True(at >= 0, string.Join('\n', lines));
        Assert.Equal(3, lines.Skip(at + 1).Count(l => l.EndsWith(" steps", StringComparison.Ordinal) && l.Contains(" = ", StringComparison.Ordinal)));
        Assert.Contains(lines.Skip(at + 1), l => l.StartsWith("  rubric_grade_step = ", StringComparison.Ordinal));
    }
}
