using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Analysis;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// The answers a new author's round showed the grader misjudging (issue 12): a good story far in words from an abstract
/// question, an idea stated backwards, the role confused with consumer recommendations in a sentence that does not name
/// the company, and feedback received told as "the hardest feedback I ever got".
/// </summary>
public class HardCaseTests
{
    private const string JudgmentId = "netflix-recruiter-values-judgment";
    private const string EyelineId = "netflix-recruiter-eyeline-knowledge";
    private const string CareerId = "netflix-recruiter-career-transition";
    private const string OverfittingId = "netflix-reported-overfitting-underfitting";

    private const string Backwards =
        "Overfitting is when the model does badly on its training data because it is too simple. "
        + "Underfitting is when it does really well on training but badly on new data. "
        + "You can tell a model is overfitting when its training accuracy is low, and training it for longer usually fixes it.";

    // A judgment story that never says "judgment" or "ambiguous": its words are about caches and dashboards.
    private const string QuietJudgmentStory =
        "At my last company the analytics team asked for a live dashboard of every model's predictions, refreshed each second. "
        + "Nobody could say what they would do with per-second numbers, so before building it I logged which charts people opened for two weeks. "
        + "They only looked at the hourly view, and only on Monday mornings. "
        + "I built an hourly job with an alert when a model drifts, and I told their lead exactly what the live version would have cost. "
        + "It shipped in four days instead of two months, and it costs about two hundred dollars a month to run.";

    [Fact]
    public void Grade_StoryFarInWordsFromAnAbstractQuestion_IsNotCappedOffTopic()
    {
        var rubric = TestLibrary.Library.Rubric;
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(JudgmentId, QuietJudgmentStory, 45));

        Assert.DoesNotContain("off_topic", graded.Flags);
        Assert.All(graded.Findings.CriticalMisses.Where(c => c.Flag == "off_topic"), c => Assert.True(c.Confidence <= rubric.Semantic.StoryOffTopicConfidence, $"{c.Confidence}"));
    }

    [Fact]
    public void Grade_StoryFarInWordsWithoutTheStoryCeiling_WouldBeSureOffTopic()
    {
        // The case the ceiling exists for: by similarity alone the story is "surely" off topic.
        var library = TestLibrary.Library;
        var rubric = library.Rubric with { Semantic = library.Rubric.Semantic with { StoryOffTopicConfidence = 1 } };
        var grader = new RubricGrader(rubric, library.Company("netflix"), TestGrading.Semantic(library));

        var graded = grader.Grade(TestLibrary.Typed(JudgmentId, QuietJudgmentStory, 45));

        Assert.Contains(graded.Findings.CriticalMisses, c => c.Flag == "off_topic" && c.Confidence >= library.Rubric.Critical.CapConfidence);
    }

    [Fact]
    public void Grade_ConceptAnswerLeaningPastTheBound_LosesTheMisconceptionPoints()
    {
        // The same backwards answer graded with the bound just under its lean and with no bound: the difference is the penalty.
        var library = TestLibrary.Library;
        var lean = BackwardsLean();
        Assert.True(lean > 0, $"{lean}");

        var within = Score(library.Rubric.Semantic with { MisconceptionLean = lean - 0.01 });
        var without = Score(library.Rubric.Semantic with { MisconceptionLean = 0 });

        Assert.Equal(library.Rubric.PenaltyFor("concept", RubricGrader.MisconceptionGap), without - within, 1);
        Assert.True(library.Rubric.PenaltyFor("concept", RubricGrader.MisconceptionGap) > library.Rubric.MaxPenalty);
    }

    [Fact]
    public void Grade_ConceptAnswerLeaningPastTheBound_SaysSoAsANeedsWorkPoint()
    {
        var library = TestLibrary.Library;
        var lean = BackwardsLean();
        var grader = new RubricGrader(LeanOnly(library.Rubric) with { Semantic = library.Rubric.Semantic with { MisconceptionLean = lean - 0.01 } }, library.Company("netflix"), TestGrading.Semantic(library));

        var graded = grader.Grade(TestLibrary.Typed(OverfittingId, Backwards, 30));

        Assert.Contains(graded.Feedback.NeedsWork, n => n.Contains("misconception", StringComparison.Ordinal));
        Assert.DoesNotContain("misconception", graded.Flags);
    }

    [Fact]
    public void Grade_ConceptAnswerLeaningLessThanTheBound_LosesNothing()
    {
        var library = TestLibrary.Library;
        var lean = BackwardsLean();

        Assert.Equal(Score(library.Rubric.Semantic with { MisconceptionLean = 0 }), Score(library.Rubric.Semantic with { MisconceptionLean = lean + 0.01 }), 1);
    }

    [Fact]
    public void Grade_TeamQuestionAnsweredWithConsumerRecommendations_IsTheHighRedFlag()
    {
        // The sentence with the confusion names neither Netflix nor the team: the question does.
        const string text = "From what I've read, Eyeline and Media Algorithms are the people behind what members see. "
            + "So the recommendation engine, the artwork and the rows on the home page, making sure people find the right show faster. "
            + "That's the part I find most interesting.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(EyelineId, text, 25));

        Assert.True(ConfusesTheRole(graded));
        Assert.Contains("red_flag", graded.Flags);
    }

    [Fact]
    public void Grade_TeamQuestionWithOwnPastRecommenderWork_IsNoRedFlag()
    {
        const string text = "Eyeline builds AI and computer vision tools for studio creators, like virtual production and de-aging. "
            + "At Amazon I worked on a recommendation engine, and I would bring its ranking evaluation to creative tools. "
            + "Media Algorithms bridges research and the studio.";

        Assert.False(ConfusesTheRole(TestLibrary.Grader.Grade(TestLibrary.Typed(EyelineId, text, 25))));
    }

    [Fact]
    public void Grade_SentenceNamingTheTeamAsRecommendations_IsAboutTheRole()
    {
        // The question names neither company nor team, and the sentence says "I": the team's name makes it about the role.
        const string text = "I want to move into Eyeline because the recommendation engine is where I can have the most impact on what members watch, "
            + "and it is the natural next step after my ranking work.";

        Assert.True(ConfusesTheRole(TestLibrary.Grader.Grade(TestLibrary.Typed(CareerId, text, 20))));
    }

    [Fact]
    public void Judge_HardestFeedbackIEverGot_CountsAsReceived()
    {
        var direction = new FeedbackDirection(TestLibrary.Library.Rubric.FeedbackDirection);
        var words = WordText.Words("the hardest feedback i ever got was on my first design review, the staff engineer reviewed my doc "
            + "and she wrote that it had no failure modes, so i rewrote it with her");

        var (confidence, _) = direction.Judge(words, TestLibrary.Question("netflix-question-bank-radical-candor-feedback"));

        Assert.Equal(TestLibrary.Library.Rubric.FeedbackDirection.Confidence, confidence);
    }

    private static bool ConfusesTheRole(GradedAnswer graded) => graded.Findings.RedFlags.Any(h => h.Id == "role-confusion-recommendations");

    /// <summary>The rubric without the banks' wrong claims (read by word order, they catch this answer too): the lean alone.</summary>
    private static RubricSettings LeanOnly(RubricSettings rubric) => rubric with { Claims = new ClaimSettings() };

    private static double BackwardsLean() => TestLibrary.Grader.Grade(TestLibrary.Typed(OverfittingId, Backwards, 30)).Findings.MisconceptionLean;

    private static double Score(SemanticSettings semantic)
    {
        var library = TestLibrary.Library;
        var grader = new RubricGrader(LeanOnly(library.Rubric) with { Semantic = semantic }, library.Company("netflix"), TestGrading.Semantic(library));
        return grader.GradeByRubric(TestLibrary.Typed(OverfittingId, Backwards, 30)).Graded.Score;
    }
}
