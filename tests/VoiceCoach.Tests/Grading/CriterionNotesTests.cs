using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

public class CriterionNotesTests
{
    private static readonly CriterionNotes Notes = new(TestLibrary.Library.Rubric, TestLibrary.Library.Company("netflix"));

    /// <summary>The crisp story sample, graded A by the plain rubric with nothing in "needs work".</summary>
    private static GradedAnswer TopStory()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46));
        Assert.Equal("A", graded.Grade);
        Assert.Empty(graded.Feedback.NeedsWork);
        return graded;
    }

    private static GradedAnswer With(GradedAnswer graded, string grade, string criterion, double score) => graded with
    {
        Grade = grade,
        Criteria = graded.Criteria.ToDictionary(c => c.Key, c => c.Key == criterion ? score : 100.0, StringComparer.Ordinal),
    };

    [Fact]
    public void NameTheGap_AMinusWithARoleTieThatIsThin_SaysToMakeTheRoleTieConcrete()
    {
        var feedback = Notes.NameTheGap(With(TopStory(), "A-", "role", 90));

        var line = Assert.Single(feedback.NeedsWork);
        Assert.StartsWith("What keeps this from an A: make the tie to ", line, StringComparison.Ordinal);
        Assert.Contains("concrete", line, StringComparison.Ordinal);
    }

    [Fact]
    public void NameTheGap_WeakCriterion_UsesTheWeakLineNotTheSharpenOne()
    {
        var feedback = Notes.NameTheGap(With(TopStory(), "B+", "results", 20));

        Assert.Equal(["What keeps this from an A: no measurable result: add a number (%, hours, $, users)"], feedback.NeedsWork);
    }

    [Fact]
    public void NameTheGap_TopGrade_LeavesNeedsWorkEmpty()
    {
        var feedback = Notes.NameTheGap(With(TopStory(), "A", "role", 90));

        Assert.Empty(feedback.NeedsWork);
    }

    [Fact]
    public void NameTheGap_NeedsWorkAlreadySaysSomething_KeepsIt()
    {
        var graded = With(TopStory(), "B", "role", 90);
        graded = graded with { Feedback = graded.Feedback with { NeedsWork = ["Too long"] } };

        Assert.Equal(["Too long"], Notes.NameTheGap(graded).NeedsWork);
    }

    [Fact]
    public void NameTheGap_CalibratedBelowAnAnswerScoringFullMarks_SaysCoachesGradedItLower()
    {
        var graded = With(TopStory(), "A-", "none", 0) with { UncalibratedGrade = "A" };

        var line = Assert.Single(Notes.NameTheGap(graded).NeedsWork);
        Assert.StartsWith("What keeps this from an A: nothing the rubric flags, but coaches graded answers like it A-", line, StringComparison.Ordinal);
    }

    [Fact]
    public void NameTheGap_PlainRubricBelowTheTopWithFullMarks_LeavesItAlone()
    {
        var graded = With(TopStory(), "A-", "none", 0);

        Assert.Empty(Notes.NameTheGap(graded).NeedsWork);
    }
}
