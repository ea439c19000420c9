using VoiceCoach.Core.Text;
using VoiceCoach.Grading.Analysis;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>Feedback told the other way than asked is off topic (rubric relevance.feedback_direction).</summary>
public class FeedbackDirectionTests
{
    private const string GiveFeedbackId = "netflix-question-bank-radical-candor-feedback";

    private static readonly FeedbackDirection Direction = new(TestLibrary.Library.Rubric.FeedbackDirection);

    // Feedback the candidate received, told to "a time you had to give difficult feedback": every word is about feedback.
    private const string ReceivedStory =
        "The hardest feedback I remember is feedback I got from my tech lead at Amazon. "
        + "He told me in a one on one that my pull requests were too big to review and the team was rubber stamping them. "
        + "I was defensive at first, but I asked him to pair with me for a week, I split my changes into pieces under two hundred lines, "
        + "and review time on my changes dropped from three days to one. Since then I ask for that kind of candor early.";

    private const string GivenStory =
        "Last year our principal engineer wanted to ship a ranking model without a holdout test. "
        + "I asked him for thirty minutes in private and I told him the offline gain was inside the noise of our last three launches. "
        + "I gave him the numbers and a plan for a two week test, and he agreed to run it. "
        + "The test showed no lift, we saved a quarter of serving cost, and he later told me he wanted that kind of candor earlier.";

    // Feedback received told in everyday words: who sat the candidate down, what was said of her work, how it landed.
    private const string ReceivedInEverydayWords =
        "In my first performance review at the startup, my manager sat me down and walked through my design documents. "
        + "She said my docs were so long that nobody on the team read past the first page. Honestly it stung, and I was defensive for a day. "
        + "Then I reread three of them as a reviewer would and started every doc with a half page summary. "
        + "The next quarter reviews of my designs took half the time, and I took it to heart: candor helps when you act on it.";

    // Feedback given told in everyday words: taking the senior engineer aside, raising it with him.
    private const string GivenInEverydayWords =
        "Our staff engineer kept merging changes to the shared training library without tests, and two teams lost a day each to his breakages. "
        + "I took him aside after standup and let him know what it had cost those teams, with the two incidents written down. "
        + "I suggested a small required test suite and offered to write the first version with him. "
        + "He was quiet for a moment, then agreed, and breakages from the library went from about one a week to one that quarter.";

    [Fact]
    public void Judge_ReceivedFeedbackInEverydayWords_IsSure()
    {
        var (confidence, _) = Direction.Judge(WordText.Words(ReceivedInEverydayWords), TestLibrary.Question(GiveFeedbackId));

        Assert.Equal(TestLibrary.Library.Rubric.FeedbackDirection.Confidence, confidence);
    }

    [Fact]
    public void Judge_ReceivedFeedbackToldThroughHowItLanded_IsSure()
    {
        // Round 11: one "told me", then how it landed and was taken ("that stung", "took it on board", "candid with me").
        const string Landed = "The most useful feedback I've had came from my director at Amazon. She told me my status updates buried the risks under the good news. "
            + "That stung, because I was proud of those updates. I took it on board: every update now opens with the top risk and the decision I need, "
            + "and the next launch review needed one meeting instead of two. She was candid with me, and I'm glad she was.";

        var (confidence, _) = Direction.Judge(WordText.Words(Landed), TestLibrary.Question(GiveFeedbackId));

        Assert.Equal(TestLibrary.Library.Rubric.FeedbackDirection.Confidence, confidence);
    }

    [Fact]
    public void Judge_GivenFeedbackInEverydayWords_IsNotOffTopic()
    {
        Assert.Equal(0, Direction.Judge(WordText.Words(GivenInEverydayWords), TestLibrary.Question(GiveFeedbackId)).Confidence);
    }

    [Theory]
    [InlineData(GiveFeedbackId, "Given")]
    [InlineData("netflix-recruiter-why-netflix", "None")]
    public void Asked_QuestionTextAndTalkingPoints_GiveTheDirection(string questionId, string expected)
    {
        Assert.Equal(expected, Direction.Asked(TestLibrary.Question(questionId)).ToString());
    }

    [Fact]
    public void Judge_ReceivedFeedbackForGivenAsked_IsSure()
    {
        var (confidence, reason) = Direction.Judge(WordText.Words(ReceivedStory), TestLibrary.Question(GiveFeedbackId));

        Assert.Equal(TestLibrary.Library.Rubric.FeedbackDirection.Confidence, confidence);
        Assert.Contains("feedback you received", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_GivenFeedbackForGivenAsked_IsNotOffTopic()
    {
        // One "told me" at the end (his reaction) does not outweigh the feedback she gave.
        Assert.Equal(0, Direction.Judge(WordText.Words(GivenStory), TestLibrary.Question(GiveFeedbackId)).Confidence);
    }

    [Fact]
    public void Judge_GaveMe_CountsAsReceivedNotGiven()
    {
        // "gave me" holds "gave"; were it counted both ways the margin would never be reached.
        var words = WordText.Words("my manager gave me notes and then gave me more notes");

        Assert.True(Direction.Judge(words, TestLibrary.Question(GiveFeedbackId)).Confidence > 0);
    }

    [Fact]
    public void Grade_ReceivedFeedbackForGivenAsked_IsCappedOffTopic()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(GiveFeedbackId, ReceivedStory, 40));

        Assert.Contains("off_topic", graded.Flags);
        Assert.Equal("off_topic", graded.CappedBy);
    }

    [Fact]
    public void Grade_GivenFeedbackForGivenAsked_IsNotOffTopic()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(GiveFeedbackId, GivenStory, 40));

        Assert.DoesNotContain("off_topic", graded.Flags);
    }
}

/// <summary>How much of the question's talking points an answer says, and whether it leans to a known-wrong idea.</summary>
public class TalkingPointFitTests
{
    private const string OverfittingId = "netflix-reported-overfitting-underfitting";

    private const string Right =
        "Underfitting is when the model is too simple to capture the pattern, so it does badly on the training data and on new data. "
        + "Overfitting is when it memorises the training data, noise included, so it looks great in training and fails on data it has not seen. "
        + "You notice it from a big gap between training accuracy and validation accuracy, and the fixes are more data, a simpler model or regularisation.";

    private const string Backwards =
        "Overfitting is when the model does badly on its training data because it is too simple. "
        + "Underfitting is when it does really well on training but badly on new data. "
        + "You can tell a model is overfitting when its training accuracy is low, and training it for longer usually fixes it.";

    private const string Thin = "It's about models that don't generalise well. I'd look at the metrics and tune it until it's better.";

    [Fact]
    public void Grade_AnswerSayingTheTalkingPoints_CoversMoreThanAThinOne()
    {
        var right = TestLibrary.Grader.Grade(TestLibrary.Typed(OverfittingId, Right, 35)).Findings;
        var thin = TestLibrary.Grader.Grade(TestLibrary.Typed(OverfittingId, Thin, 12)).Findings;

        Assert.True(right.TalkingPointsCovered > thin.TalkingPointsCovered, $"{right.TalkingPointsCovered} vs {thin.TalkingPointsCovered}");
        Assert.True(right.TalkingPointSimilarity > thin.TalkingPointSimilarity, $"{right.TalkingPointSimilarity} vs {thin.TalkingPointSimilarity}");
    }

    [Fact]
    public void Grade_IdeaStatedBackwards_LeansToTheMisconceptionMoreThanTheRightAnswer()
    {
        var right = TestLibrary.Grader.Grade(TestLibrary.Typed(OverfittingId, Right, 35)).Findings;
        var backwards = TestLibrary.Grader.Grade(TestLibrary.Typed(OverfittingId, Backwards, 30)).Findings;

        Assert.True(backwards.MisconceptionLean > right.MisconceptionLean, $"{backwards.MisconceptionLean} vs {right.MisconceptionLean}");
    }

    [Fact]
    public void Grade_QuestionWithoutMisconceptions_LeansNowhere()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-why-netflix", Right, 35));

        Assert.Equal(0, graded.Findings.MisconceptionLean);
    }
}
