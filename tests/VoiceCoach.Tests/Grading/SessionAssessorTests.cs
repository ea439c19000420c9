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

    private static SessionSummary Assess(RubricSettings rubric, params AnswerToGrade[] answers) =>
        new SessionAssessor(rubric, TestLibrary.Library.Company("netflix")).Assess(answers.Select(a => TestLibrary.Grader.Grade(a)).ToList(), answers.Length);

    [Fact]
    public void Assess_EveryAnswerWithinTarget_ListsConciseWithItsCount()
    {
        var summary = Assess(
            TestLibrary.Library.Rubric,
            TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1),
            TestLibrary.Typed(Answers.WhyNetflixId, Answers.GoodMotivation, 38, 2));

        Assert.Contains("Concise answers within the target length (2 of 2 within 30-60 s)", summary.Strengths);
    }

    [Fact]
    public void Assess_OneAnswerOverTime_NeverConciseAndBrevityCountsIt()
    {
        var summary = Assess(
            TestLibrary.Library.Rubric,
            TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1),
            TestLibrary.Typed(Answers.WhyNetflixId, Answers.GoodMotivation, 38, 2),
            TestLibrary.Typed(Answers.MlopsId, Answers.Ramble, 95, 3));

        Assert.DoesNotContain(summary.Strengths, s => s.StartsWith("Concise", StringComparison.Ordinal));
        Assert.Contains("**Brevity**: Answers too long for recruiter conversation (aim for 30-60 seconds; 1 of 3 answers over 60 s)", summary.DevelopmentAreas);
    }

    [Fact]
    public void Assess_FewerAreasAllowedThanApply_StillListsEverySeedAreaThatApplies()
    {
        var rubric = TestLibrary.Library.Rubric with { Summary = TestLibrary.Library.Rubric.Summary with { MaxAreas = 1 } };

        var summary = new SessionAssessor(rubric, TestLibrary.Library.Company("netflix")).Assess(SeedLikeSession(), 5);

        Assert.Contains("examples", summary.DevelopmentAreaIds);
        Assert.Contains("brevity", summary.DevelopmentAreaIds);
        Assert.Contains("specificity", summary.DevelopmentAreaIds);
        Assert.DoesNotContain("red_flags", summary.DevelopmentAreaIds);
    }

    [Fact]
    public void Assess_PackHasPrepForAnArea_GivesThePacksItemInPlaceOfTheRubrics()
    {
        var rubric = TestLibrary.Library.Rubric with { Summary = TestLibrary.Library.Rubric.Summary with { MaxActionItems = 20 } };
        var netflix = TestLibrary.Library.Company("netflix");

        var withPrep = new SessionAssessor(rubric, netflix).Assess(SeedLikeSession(), 5);
        var without = new SessionAssessor(rubric, netflix with { Prep = [] }).Assess(SeedLikeSession(), 5);

        Assert.Contains("specificity", withPrep.DevelopmentAreaIds);
        Assert.Contains(withPrep.ActionItems, a => a.Title == "Research Homework" && a.Steps[0] == "Read 2 Netflix Tech Blog posts about ML/AI");
        Assert.DoesNotContain(withPrep.ActionItems, a => a.Title == "Weave In the Culture");
        Assert.Contains(without.ActionItems, a => a.Title == "Weave In the Culture");
    }

    [Fact]
    public void Assess_StrengthAndItsOppositeArea_NeverBothListed()
    {
        var summary = new SessionAssessor(TestLibrary.Library.Rubric, TestLibrary.Library.Company("netflix")).Assess(SeedLikeSession(), 5);

        (string Strength, string Area)[] opposites =
        [
            ("Concise answers", "brevity"), ("Steady, clear delivery", "delivery"), ("Clear ownership", "ownership"),
            ("Quantified impact", "results"), ("Genuine excitement", "enthusiasm"),
        ];
        foreach (var (strength, area) in opposites)
        {
            Assert.False(
                summary.Strengths.Any(s => s.StartsWith(strength, StringComparison.Ordinal)) && summary.DevelopmentAreaIds.Contains(area),
                $"{strength} listed beside {area}");
        }
    }
}
