using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Evaluation;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Evaluation;

public class EvalCaseTests
{
    private static readonly ManifestAnswer Labelled = new()
    {
        Question = TestLibrary.Question("netflix-recruiter-values-courage"),
        Transcript = "I think courage matters.",
        DurationSeconds = 25,
        ExpectedGrade = "D",
        ExpectedFlags = ["no_example"],
        Note = "opinions only",
        Id = "courage-opinion",
    };

    [Fact]
    public void From_GradeCappedByAFlag_DescribesTheCapAsTheCriticalMiss()
    {
        var graded = TestLibrary.Grader.Grade(Labelled.ToTypedAnswer(1)) with { CappedBy = "no_example", RubricGrade = "D", Grade = "D" };

        var c = EvalCase.From(Labelled, graded, 1);

        Assert.Equal("capped at D by no_example", c.CriticalMiss);
        Assert.Equal(("courage-opinion", "story", "D", "D", "opinions only"), (c.Id, c.Kind, c.ExpectedGrade, c.Grade, c.Note));
        Assert.Equal(["no_example"], c.ExpectedFlags!);
        Assert.False(c.Clean);
    }

    [Fact]
    public void From_CriticalMissLineWithoutACap_UsesTheLine()
    {
        var graded = TestLibrary.Grader.Grade(Labelled.ToTypedAnswer(1));
        graded = graded with { CappedBy = null, Feedback = graded.Feedback with { CriticalMiss = "You didn't answer the question!" } };

        var c = EvalCase.From(Labelled with { Id = null, ExpectedFlags = [] }, graded, 7);

        Assert.Equal("You didn't answer the question!", c.CriticalMiss);
        Assert.Equal("#7", c.Id);
        Assert.True(c.Clean);
    }

    [Theory]
    [InlineData("we_heavy", "B")]
    [InlineData("no_example_motivation", "B+")]
    public void From_CleanAnswerCappedByANeedsWorkFlag_HasNoCriticalMiss(string cap, string letter)
    {
        var graded = TestLibrary.Grader.Grade(Labelled.ToTypedAnswer(1));
        graded = graded with { CappedBy = cap, RubricGrade = letter, Grade = letter, Feedback = graded.Feedback with { CriticalMiss = null } };

        var c = EvalCase.From(Labelled with { ExpectedFlags = [] }, graded, 1);

        Assert.True(c.Clean);
        Assert.Null(c.CriticalMiss);
    }

    [Fact]
    public void From_NeitherCapNorLine_HasNoCriticalMiss()
    {
        var graded = TestLibrary.Grader.Grade(Labelled.ToTypedAnswer(1));
        graded = graded with { CappedBy = null, Feedback = graded.Feedback with { CriticalMiss = null } };

        Assert.Null(EvalCase.From(Labelled, graded, 1).CriticalMiss);
    }
}
