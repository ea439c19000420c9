using VoiceCoach.Grading;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// A concept answer that opens with a question back to the interviewer and explains the idea from its own past sits far
/// from the question's wording, with one other question of the bank a hair closer: the explanation rule alone called it
/// off topic (round 9). Touching everything its question asks for keeps it to a needs-work point at most.
/// </summary>
public class ExplanationAskedForTests
{
    private const string NonTechnicalId = "netflix-recruiter-non-technical-users";

    // Asks back, accepts "both", then advice grounded in building for creators: users and how it is made usable for them.
    private static readonly string AsksBack = string.Join(' ',
        "Just to check, do you mean artists using a tool themselves, or producers reviewing what it made? Okay, both then.",
        "I begin with how they work today, not with the model. When I built apps for creators, I learned they won't read docs,",
        "so the tool has to explain itself: defaults that work, a preview before anything expensive runs, and an undo.",
        "And I'd watch a few of them use it before calling it done. If the output is wrong, they need a way to fix it by hand, not file a ticket.");

    // Engineering practice for engineers: nothing for the users the question names.
    private static readonly string EngineeringPractice = string.Join(' ',
        "I'm a big believer in code quality. On my team every pull request needs two approvals, and I push hard for unit tests",
        "and integration tests on every pipeline. I also like to keep our CI fast, under ten minutes, so engineers don't lose focus.",
        "And I write design docs for anything bigger than a week of work, so other engineers can review the architecture before we build it.");

    [Fact]
    public void Grade_ConceptAnswerTouchingAllItAsksFor_IsSureOffTopicOnlyWithoutTheCeiling()
    {
        var library = TestLibrary.Library;
        var answer = TestLibrary.Typed(NonTechnicalId, AsksBack, 37);
        var noCeiling = library.Rubric with { Semantic = library.Rubric.Semantic with { ExplanationAskedForConfidence = 1 } };

        var shipped = TestLibrary.Grader.Grade(answer);
        var uncapped = new RubricGrader(noCeiling, library.Company("netflix"), TestGrading.Semantic(library)).Grade(answer);

        // Without the ceiling the similarity and the one closer question make the explanation rule "sure".
        Assert.Contains(uncapped.Findings.CriticalMisses, c => c.Flag == "off_topic" && c.Confidence >= library.Rubric.Critical.CapConfidence);
        Assert.DoesNotContain("off_topic", shipped.Flags);
        Assert.All(shipped.Findings.CriticalMisses.Where(c => c.Flag == "off_topic"),
            c => Assert.True(c.Confidence <= library.Rubric.Semantic.ExplanationAskedForConfidence, $"{c.Confidence}"));
    }

    [Fact]
    public void Grade_ConceptAnswerAboutSomethingElse_IsStillCappedOffTopic()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(NonTechnicalId, EngineeringPractice, 28));

        Assert.Contains("off_topic", graded.Flags);
    }

    private const string AbTestId = "netflix-question-bank-ab-test-collaborative-filtering";

    // Round 11: a design of the test in plain words (markets, a month, hours, guardrails), far from the question's wording.
    private const string PlainAbTest = "so i'd keep it simple put the new one live in two markets and keep the old one in two similar markets so everyone in a market sees the same thing the main number is viewing hours per member and the secondary ones are thirty day retention and row click through plus guard rails on support contacts and playback failures run it for a month to get past the novelty and then compare the markets and roll it out if hours went up";

    [Fact]
    public void Grade_DesignAnswerTouchingWhatItsQuestionAsksFor_IsNotCappedOffTopicAndIsWithoutTheElements()
    {
        var question = TestLibrary.Question(AbTestId);
        var answer = TestLibrary.Typed(AbTestId, PlainAbTest, 42);

        var shipped = TestLibrary.Grader.GradeByRubric(answer).Graded;
        var without = TestLibrary.Grader.GradeByRubric(answer with { Question = question with { AsksFor = [] } }).Graded;

        Assert.DoesNotContain("off_topic", shipped.Flags);
        Assert.Contains("off_topic", without.Flags);
    }
}
