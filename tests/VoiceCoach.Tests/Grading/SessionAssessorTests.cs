using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

public class SessionAssessorTests
{
    private static IReadOnlyList<GradedAnswer> SeedLikeSession() =>
    [
        TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1)),
        TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.CourageId, Answers.OpinionOnly, 30, 2)),
        TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.ExcitesId, Answers.CutOff, 24, 3)),
        TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.WhyMoveId, Answers.RedFlag, 22, 4)),
        TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.MlopsId, Answers.Ramble, 95, 5)),
    ];

    [Fact]
    public void Assess_FiveMixedAnswers_AveragesGradePointsAndSetsATargetAbove()
    {
        var rubric = TestLibrary.Library.Rubric;
        var answers = SeedLikeSession();
        var summary = new SessionAssessor(rubric, TestLibrary.Library.Company("netflix")).Assess(answers, 5);

        var expectedPoints = answers.Average(a => rubric.Band(a.Grade)!.Points);
        Assert.Equal(rubric.LetterForPoints(expectedPoints), summary.AverageGrade);
        Assert.Equal(5, summary.QuestionsCompleted);
        Assert.True(rubric.Rank(summary.NextTargetGrade) < rubric.Rank(summary.AverageGrade), "the next target must be above this session's average");
        Assert.True(summary.NextTargetCulturePct > summary.CultureIntegrationPct);
        Assert.Equal(0, summary.NextTargetCulturePct % 10);
    }

    [Fact]
    public void Assess_FiveMixedAnswers_NamesTheSeedsDevelopmentAreasAndActionItems()
    {
        var summary = new SessionAssessor(TestLibrary.Library.Rubric, TestLibrary.Library.Company("netflix")).Assess(SeedLikeSession(), 5);

        Assert.Contains("examples", summary.DevelopmentAreaIds);
        Assert.Contains("brevity", summary.DevelopmentAreaIds);
        Assert.Contains(summary.ActionItems, a => a.Title == "Create Your Story Bank");
        Assert.Contains(summary.CoachQuestions, q => q.Contains("Incomplete Answer (Q3)", StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(summary.RecommendedFocus));
    }

    [Fact]
    public void Assess_CultureIntegration_CountsTiedValuesFullyAndNamedValuesHalf()
    {
        var story = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1));
        var named = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.CourageId, Answers.OpinionOnly, 30, 2));

        Assert.Equal(1, SessionAssessor.CultureScore(story.Findings));
        Assert.Equal(0.5, SessionAssessor.CultureScore(named.Findings));
        var summary = new SessionAssessor(TestLibrary.Library.Rubric, TestLibrary.Library.Company("netflix")).Assess([story, named], 2);
        Assert.Equal(75, summary.CultureIntegrationPct);
        Assert.Equal("Fluent", summary.FluencyLabel); // 70 % and up, rubric.yaml fluency_levels
    }
}
