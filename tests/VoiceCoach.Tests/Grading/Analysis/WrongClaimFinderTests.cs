using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;
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
        RejectionWords = 5,
        Rejections = Phrase.List(["risk", "mistake"]),
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

    private static IReadOnlyList<WrongClaim> Find(string text) => new WrongClaimFinder(Settings).Find(Fitting, View(text));

    /// <summary>The answer's sentences as the analyzer splits them (no vectors: the finder reads words only).</summary>
    internal static SentenceView View(string text)
    {
        var w = AnswerText.From(TranscriptTiming.Estimate(text, TimeSpan.FromSeconds(30)));
        return new SentenceView(w, new SentenceSplitter(TestLibrary.Library.Rubric).Split(w), [], []);
    }

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
        // The analyzer's sentences end at ";" and ":" too: the subject and the wrong words are in different clauses.
        Assert.Empty(Find("Overfitting is what I check first; a model that is too simple does badly on both."));
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

    [Theory]
    [InlineData("The fix is easy: I'd drop the feature from the model entirely.", true)]
    [InlineData("Position bias is a risk. So I'd simply drop the feature from the model.", true)] // the rejection is another sentence's
    [InlineData("To drop the feature is a risk for the team, the bias stays in the labels.", false)] // stated to reject it
    [InlineData("The classic mistake is to drop the feature and hope the bias goes away.", false)]
    public void Find_ClaimWithoutSubject_CountsUnlessRejectedInItsSentence(string text, bool found)
    {
        Assert.Equal(found ? [Fitting.WrongClaims[2]] : [], Find(text));
    }

    [Theory]
    [InlineData("To be safe I'd drop the feature rather than model it.", true)] // "X rather than Y" says X
    [InlineData("I'd drop the feature instead of modelling the bias.", true)]
    [InlineData("Rather than drop the feature, I'd model the bias.", false)] // before it, "rather than" turns it round
    public void Find_RatherOrInsteadRightAfterAClaimWithoutSubject_AffirmsItOnlyWithTheRubricSetting(string text, bool found)
    {
        var affirming = new WrongClaimFinder(Settings with { Negations = Phrase.List(["not", "instead", "rather"]), AffirmingAfter = new HashSet<string> { "rather", "instead" } });
        var plain = new WrongClaimFinder(Settings with { Negations = Phrase.List(["not", "instead", "rather"]) });

        Assert.Equal(found, affirming.Find(Fitting, View(text)).Count > 0);
        Assert.Empty(plain.Find(Fitting, View(text)));
    }

    [Fact]
    public void Find_NoWindowInTheRubric_ReadsNoClaims()
    {
        var found = new WrongClaimFinder(Settings with { WindowWords = 0 }).Find(Fitting, View("Overfitting is when the model is too simple."));

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

    /// <summary>
    /// Written for these tests: answers to real bank questions that use the words of the question's wrong claims, right
    /// (or rejecting the claim) and misread (from the culture memo and the talking points, said the wrong way round).
    /// </summary>
    public static TheoryData<string, string, bool> RealBankAnswers => new()
    {
        { "netflix-recruiter-four-principles", "The Dream Team is high performers working together, not a family. People over process means context, not control: minimal rules, and informed captains who are accountable for their calls.", false },
        { "netflix-recruiter-four-principles", "The Dream Team is about Netflix being like a family, people look out for each other. People over process means there are no rules, you just do what you think is right.", true },
        { "netflix-recruiter-farm-for-dissent", "Before I decide, I ask the people who will live with the design what would make it fail, the juniors first. It is not a vote: I still make the call and say what I heard.", false },
        { "netflix-recruiter-high-performance", "High performance is not about long hours; it is about the bar. I ask for reviews from the strongest people on the team.", false },
        { "netflix-recruiter-high-performance", "For me a high-performance culture means long hours: I answer messages at night and I'm always available on weekends.", true },
        { "netflix-question-bank-artwork-contextual-bandit", "A greedy policy would never learn about the artworks it stops showing, so I'd use Thompson sampling. The reward is a qualified play rather than a click.", false },
        { "netflix-question-bank-artwork-contextual-bandit", "I'd serve the best artwork for each member. Because the model is personalised you don't need exploration, and the reward is the click on the artwork.", true },
        // Round 10's fluent answers wrong at the core, said in other words: data parallelism as splitting the layers,
        // linear scaling, training features recomputed by separate logic, the keeper test as the employee testing the company.
        { "netflix-question-bank-scale-distributed-training", "With data parallelism you split the model so each GPU holds its own layers, and the batch passes through them in turn.", true },
        { "netflix-question-bank-scale-distributed-training", "Throw more GPUs at it and training scales linearly, since every worker does the same amount of work.", true },
        { "netflix-question-bank-scale-distributed-training", "Data parallelism copies the whole model to every GPU and splits the batch; the huge embedding tables are sharded instead. In theory more GPUs scale linearly, but gradient communication soon becomes the bottleneck.", false },
        { "netflix-question-bank-realtime-feature-pipeline", "Kafka carries the watch events and Flink updates the online store. For training, a nightly Spark job computes the same features from the warehouse with its own logic, so the two systems stay independent.", true },
        { "netflix-question-bank-realtime-feature-pipeline", "Kafka carries the watch events and Flink updates the online store. For training, the nightly job imports the same feature definitions the stream job uses, so the two cannot drift apart.", false },
        // Round 11: variance read as the spread of the training errors, and the most flexible model as the goal.
        { "netflix-reported-bias-variance", "Bias is how wrong the model is on average, and variance is how spread out the errors are on the training data, so a model through every point has low variance.", true },
        { "netflix-reported-bias-variance", "Bias is the error from a model too simple for the pattern; variance is how much the fitted model changes when you train it on another sample, so a model through every point has high variance.", false },
        // Round 11: an A/B test randomised by market (a handful of units, the markets' differences in the comparison).
        { "netflix-question-bank-ab-test-collaborative-filtering", "I'd randomise by country, half the markets on the new algorithm and half on the old one, and compare streaming hours after four weeks.", true },
        { "netflix-question-bank-ab-test-collaborative-filtering", "I'd randomise by member rather than by country, so the markets are balanced across both arms, and compare streaming hours after four weeks.", false },
        { "netflix-recruiter-keeper-test", "To me the keeper test is a test I run on the company: every few months I ask myself whether I should stay, and if the answer is no I leave.", true },
        { "netflix-recruiter-keeper-test", "The keeper test is my manager asking whether she would fight to keep me if I wanted to leave. I pass it by owning the platform work nobody else wants and teaching it to others.", false },
    };

    [Theory]
    [MemberData(nameof(RealBankAnswers))]
    public void Grade_AnswerInTheRealBankUsingTheClaimsNouns_StatesAWrongClaimOnlyWhenMisread(string questionId, string answer, bool misread)
    {
        var graded = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(questionId, answer, 35)).Graded;

        Assert.Equal(misread, graded.Findings.WrongClaims.Count > 0);
    }
}
