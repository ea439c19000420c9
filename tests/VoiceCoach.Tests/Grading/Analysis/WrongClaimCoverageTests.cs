using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading.Analysis;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Core ideas said backwards the way a new author says them (issue 12, round 12): a recogniser's transcript whose
/// splitter cut falls between subject and predicate, a pair of ideas swapped (bank <c>swapped_pairs:</c>), scale said
/// backwards. Every answer here was written for this test.
/// </summary>
public class WrongClaimCoverageTests
{
    private static readonly ClaimSettings Settings = new()
    {
        WindowWords = 12,
        NegationWords = 3,
        Breaks = Phrase.List(["and", "but"]),
        Negations = Phrase.List(["not", "isn't"]),
    };

    private static readonly Question Fitting = new()
    {
        Id = "fitting",
        Text = "Explain overfitting and underfitting.",
        Kind = QuestionKinds.Concept,
        WrongClaims = [new WrongClaim(Phrase.List(["overfit*"]), Phrase.List(["too simple"]), "overfitting: great on training, bad on new data")],
    };

    private static SentenceView View(string text) => WrongClaimFinderTests.View(text);

    [Fact]
    public void Find_UnpunctuatedSubjectAndPredicateInTwoSplitterSentences_FindsTheClaim()
    {
        // 30 words without a full stop: the splitter cuts the run in two, between "overfitting" and "too simple".
        var view = View("right so in my experience what people call overfitting in practice is basically when the model you picked "
            + "ends up far too simple for the data you have and it keeps missing the pattern");
        var words = view.Text.Norm.ToList();
        Assert.NotEqual(view.SentenceOf(words.IndexOf("overfitting")), view.SentenceOf(words.IndexOf("simple")));

        Assert.Equal([Fitting.WrongClaims[0]], new WrongClaimFinder(Settings).Find(Fitting, view));
    }

    [Fact]
    public void Find_PunctuatedSubjectAndPredicateInTwoSentences_FindsNothing()
    {
        // A typed full stop is a real sentence end: the next sentence's "too simple" is not said of overfitting.
        Assert.Empty(new WrongClaimFinder(Settings).Find(Fitting, View("I check for overfitting. A model that is too simple misses the pattern.")));
    }

    [Fact]
    public void QuestionBank_SwappedPair_MakesAWrongClaimEachWay()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: t\n    round: technical\n    kind: concept\n    swapped_pairs:\n"
            + "      - why: w\n        sides:\n          - about: [overfit*]\n            defined_by: [memori*]\n"
            + "          - about: [underfit*]\n            defined_by: [\"too simple\"]\n";

        var claims = Assert.Single(QuestionBankLoader.Load(new StringReader(yaml), "b.yaml")).WrongClaims;

        Assert.Equal(["overfit* -> too simple", "underfit* -> memori*"], claims.Select(c => $"{c.About[0].Pattern} -> {c.Says[0].Pattern}"));
        Assert.All(claims, c => Assert.Equal("w", c.Why));
    }

    [Fact]
    public void QuestionBank_SwappedPairWithOneSide_NamesTheFieldAndTheFix()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: t\n    round: technical\n    kind: concept\n    swapped_pairs:\n"
            + "      - why: w\n        sides:\n          - about: [overfit*]\n            defined_by: [memori*]\n";

        var ex = Assert.Throws<PromptFileException>(() => QuestionBankLoader.Load(new StringReader(yaml), "b.yaml"));

        Assert.Contains("swapped_pairs[0]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("exactly two", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    // the pair swapped, in a recogniser's words: underfitting given overfitting's picture
    [InlineData("netflix-reported-overfitting-underfitting", "so the way i think about it underfitting is when the model gets so flexible it bends to every point in the training set and then it falls apart on anything new and you fix it with more regularization")]
    // precision defined as recall
    [InlineData("netflix-reported-imbalanced-classifier", "Accuracy hides the rare class, so I look at precision and recall. Precision is basically how many of the real fraud cases you catch, and I tune the threshold for it.")]
    // scale said backwards: the embedding tables as the small part
    [InlineData("netflix-question-bank-scale-distributed-training", "In a big recommender the embedding tables are tiny next to the dense towers, so I keep a copy on each GPU and scale with data parallelism.")]
    // the communication bottleneck waved off
    [InlineData("netflix-question-bank-scale-distributed-training", "I'd use data parallelism with PyTorch. The gradient synchronisation is negligible on a modern cluster, so the speed-up is close to the number of GPUs.")]
    // the keeper test as a stack ranking
    [InlineData("netflix-recruiter-keeper-test", "it's basically the stack ranking they do every year where the lowest performers get cut so I make sure my numbers are always near the top")]
    public void Grade_CoreIdeaSaidBackwards_FindsAWrongClaim(string questionId, string text)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, 30));

        Assert.NotEmpty(graded.Findings.WrongClaims);
    }

    [Theory]
    [InlineData("netflix-reported-overfitting-underfitting", "so underfitting is when the model is too simple it draws a straight line through a curve and overfitting is the opposite it memorizes the noise and bends to every point so you see a big gap between training and validation")]
    [InlineData("netflix-reported-imbalanced-classifier", "Accuracy hides the rare class. Precision is of the cases you flagged, how many were really fraud. Recall is of all the real fraud, how many you caught.")]
    [InlineData("netflix-question-bank-scale-distributed-training", "The embedding tables are the huge part, far beyond one GPU, so I shard them with model parallelism and use data parallelism for the dense layers. Communication is a main bottleneck, so I overlap it with compute.")]
    [InlineData("netflix-recruiter-keeper-test", "It's the question my manager can ask at any time: if she wanted to leave, would I fight to keep her? I pass it by shipping work the team relies on and by sharing what I know.")]
    public void Grade_CoreIdeaTheRightWayRound_FindsNoWrongClaim(string questionId, string text)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, 30));

        Assert.Empty(graded.Findings.WrongClaims);
    }
}
