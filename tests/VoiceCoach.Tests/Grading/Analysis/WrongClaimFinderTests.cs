using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Analysis;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Wrong claims read by word order (issue 12): a fluent answer that says its idea backwards uses the right words, so the
/// sentence encoder cannot tell it from the right answer; the subject followed closely by the wrong predicate can.
/// </summary>
public class WrongClaimFinderTests
{
    private const string OverfittingId = "netflix-reported-overfitting-underfitting";

    private static readonly ClaimSettings Settings = new()
    {
        WindowWords = 12,
        NegationWords = 3,
        Breaks = Phrase.List(["and", "but", "once"]),
        Negations = Phrase.List(["not", "can't", "isn't", "instead"]),
    };

    private static readonly Question Fitting = new()
    {
        Id = "fitting",
        Text = "Explain overfitting and underfitting.",
        Kind = QuestionKinds.Concept,
        WrongClaims =
        [
            new WrongClaim(Phrase.List(["overfit*"]), Phrase.List(["too simple", "train* longer"]), "overfitting: great on training, bad on new data"),
            new WrongClaim(Phrase.List(["underfit*"]), Phrase.List(["memori*"]), "underfitting: too simple for the pattern"),
            new WrongClaim([], Phrase.List(["drop the feature"]), "dropping the feature leaves the bias in the labels"),
        ],
    };

    private static IReadOnlyList<WrongClaim> Find(string text) => new WrongClaimFinder(Settings).Find(Fitting, text);

    [Fact]
    public void Find_SubjectFollowedByItsWrongPredicate_FindsTheClaim()
    {
        var found = Find("So overfitting is really when the model is too simple to see the pattern.");

        Assert.Equal([Fitting.WrongClaims[0]], found);
    }

    [Fact]
    public void Find_SwappedDefinitionsInOneUnpunctuatedSentence_FindsBothClaims()
    {
        var found = Find("overfitting means the model is too simple underfitting is when it memorises every point");

        Assert.Equal([Fitting.WrongClaims[0], Fitting.WrongClaims[1]], found);
    }

    [Fact]
    public void Find_RightWayRound_FindsNothing()
    {
        // "too simple" and "memorises" are said, each of the other subject.
        Assert.Empty(Find("Overfitting is when the model memorises the training data. Underfitting is when it is too simple."));
    }

    [Fact]
    public void Find_AnotherSubjectOrABreakBetween_FindsNothing()
    {
        Assert.Empty(Find("If it is overfitting you regularise it, underfitting happens when it is too simple."));
        Assert.Empty(Find("Overfitting shows as a gap between training and validation, and a model that is too simple underfits."));
    }

    [Fact]
    public void Find_PredicateFarAfterTheSubject_FindsNothing()
    {
        Assert.Empty(Find("Overfitting is the main thing I watch for in every ranking model we ship to members at scale, even when it is too simple."));
    }

    [Fact]
    public void Find_NegatedClaim_FindsNothing()
    {
        Assert.Empty(Find("Overfitting is not a model that is too simple."));
        Assert.Empty(Find("You can't just drop the feature, the bias is in the labels."));
    }

    [Fact]
    public void Find_ClaimWithoutSubjectSaidPlainly_FindsIt()
    {
        Assert.Equal([Fitting.WrongClaims[2]], Find("The fix is easy: I'd drop the feature from the model entirely."));
    }

    [Fact]
    public void Find_NoWindowInTheRubric_ReadsNoClaims()
    {
        var found = new WrongClaimFinder(Settings with { WindowWords = 0 }).Find(Fitting, "Overfitting is when the model is too simple.");

        Assert.Empty(found);
    }

    [Fact]
    public void Grade_OverfittingDefinedBackwardsInTheRealBank_LosesTheMisconceptionPointsAndSaysTheRightWayRound()
    {
        // Written for this test: fluent, on topic, the two definitions the wrong way round and a fix that makes it worse.
        const string Backwards = "Overfitting is when your model does poorly on the training set, it just hasn't learned enough yet. "
            + "Underfitting is the opposite, the model memorises the examples. "
            + "When I see overfitting I train longer, maybe thirty more epochs, until the training loss drops.";
        var library = TestLibrary.Library;
        var without = TestLibrary.GraderWith(library.Rubric with { Claims = new ClaimSettings() });

        var graded = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(OverfittingId, Backwards, 32)).Graded;
        var plain = without.GradeByRubric(TestLibrary.Typed(OverfittingId, Backwards, 32)).Graded;

        Assert.Equal(2, graded.Findings.WrongClaims.Count);
        Assert.Empty(plain.Findings.WrongClaims);
        Assert.True(plain.Score - graded.Score >= library.Rubric.PenaltyFor("concept", RubricGrader.MisconceptionGap) - 0.1, $"{plain.Score} -> {graded.Score}");
        Assert.Contains(graded.Feedback.NeedsWork, n => n.StartsWith("The core idea is stated the wrong way round: overfitting is a model that does well", StringComparison.Ordinal));
        Assert.DoesNotContain(graded.Flags, f => f is "off_topic" or "red_flag");
    }

    [Fact]
    public void Grade_OverfittingExplainedRightInTheRealBank_StatesNoWrongClaim()
    {
        const string Right = "Overfitting is when the model memorises the training data, noise and all, so it scores well on training "
            + "but badly on new data. Underfitting is when the model is too simple to catch the pattern, so it does poorly on both. "
            + "I notice overfitting as a gap: training accuracy at ninety-eight percent and validation at seventy. "
            + "More data, a simpler model or regularisation closes the gap; training longer does not.";

        var graded = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(OverfittingId, Right, 38)).Graded;

        Assert.Empty(graded.Findings.WrongClaims);
    }
}
