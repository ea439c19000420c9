using VoiceCoach.Core.Grading;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

/// <summary>The improved-answer template quotes the candidate only where the recogniser was sure of the words.</summary>
public class AnswerTemplateWriterTests
{
    private static readonly RubricSettings Rubric = TestLibrary.Library.Rubric;

    private static AnswerToGrade Story() => Answers.TimedStory();

    /// <summary>The same answer with a recogniser's confidence on every word: <paramref name="confidence"/> of the word.</summary>
    private static AnswerToGrade Heard(AnswerToGrade answer, Func<string, double> confidence)
    {
        var words = answer.Transcript.Words.Select(w => w with { Confidence = confidence(w.Text) }).ToList();
        var segment = answer.Transcript.Segments[0] with { Words = words };
        return answer with { Transcript = answer.Transcript with { Segments = [segment] } };
    }

    [Fact]
    public void Write_EveryWordHeardSurely_QuotesTheCandidatesSentences()
    {
        var graded = TestLibrary.Grader.Grade(Heard(Story(), _ => 0.95));

        Assert.StartsWith("\"Last year at Salesforce our retraining pipeline kept failing every weekend.", graded.Feedback.Template, StringComparison.Ordinal);
        Assert.Contains("As a result pages dropped by 50 percent.", graded.Feedback.Template, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OneWordOfTheSituationBelowTheBar_KeepsTheSituationSlotAndQuotesTheRest()
    {
        var graded = TestLibrary.Grader.Grade(Heard(Story(), w => w == "Salesforce" ? Rubric.QuoteMinConfidence - 0.01 : 0.95));

        Assert.StartsWith("\"[Situation, ~5 s", graded.Feedback.Template, StringComparison.Ordinal);
        Assert.DoesNotContain("Salesforce", graded.Feedback.Template, StringComparison.Ordinal);
        Assert.Contains("As a result pages dropped by 50 percent.", graded.Feedback.Template, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WordAtTheBar_CountsAsSure()
    {
        var graded = TestLibrary.Grader.Grade(Heard(Story(), _ => Rubric.QuoteMinConfidence));

        Assert.StartsWith("\"Last year at Salesforce", graded.Feedback.Template, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TypedTranscriptWithoutConfidences_QuotesIt()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46));

        Assert.StartsWith("\"Last year at Salesforce", graded.Feedback.Template, StringComparison.Ordinal);
        Assert.All(graded.Answer.Transcript.Words, w => Assert.Null(w.Confidence));
    }

    [Fact]
    public void Write_MotivationWithTheExcitedSentenceMisheard_KeepsTheTechnicalSlot()
    {
        var answer = TestLibrary.Timed(
            Answers.WhyNetflixId,
            20,
            (0.5, 8.0, "What excites me is bringing diffusion research into studio tools."),
            (8.5, 16.0, "Creators at the studio could relight a shot in minutes instead of days."));

        var sure = TestLibrary.Grader.Grade(Heard(answer, _ => 0.9)).Feedback.Template;
        var misheard = TestLibrary.Grader.Grade(Heard(answer, w => w == "diffusion" ? 0.1 : 0.9)).Feedback.Template;

        Assert.StartsWith("\"What excites me is bringing diffusion research into studio tools.", sure, StringComparison.Ordinal);
        Assert.DoesNotContain("diffusion", misheard, StringComparison.Ordinal);
        Assert.StartsWith("\"[What excites you technically", misheard, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OpeningSentenceShorterThanTheRubricsMinimum_KeepsTheSlot()
    {
        // A concept answer's template opens with the candidate's first sentence; "Um, we basically do" leaves "We do."
        var answer = TestLibrary.Timed(
            "netflix-recruiter-four-principles",
            12,
            (0.5, 2.0, "Um, we basically do."),
            (2.5, 11.0, "Dream Team means high performers who work great together, not a family."));
        var longer = TestLibrary.Timed(
            "netflix-recruiter-four-principles",
            12,
            (0.5, 11.0, "Dream Team means high performers who work great together, not a family."));

        var template = TestLibrary.Grader.Grade(answer).Feedback.Template;

        Assert.Equal(4, Rubric.QuoteMinWords);
        Assert.StartsWith("\"[the idea in one plain sentence.]", template, StringComparison.Ordinal);
        Assert.StartsWith("\"Dream Team means high performers", TestLibrary.Grader.Grade(longer).Feedback.Template, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ResultWithoutAMeasure_KeepsTheResultHintInsteadOfQuotingIt()
    {
        var answer = TestLibrary.Timed(
            Answers.JudgmentId,
            40,
            (0.5, 6.0, "Last year at Salesforce our retraining pipeline kept failing every weekend."),
            (6.5, 11.0, "My task was to cut the pages without slowing releases."),
            (11.5, 27.0, "I analyzed the alerts and I proposed moving validation before training, then I built the check."),
            (27.5, 34.0, "As a result the team was much happier with the pipeline."),
            (34.5, 39.5, "That is judgment and the long-term fix I would bring to the studio."));

        var graded = TestLibrary.Grader.Grade(answer);

        Assert.False(graded.Findings.NumbersInResult);
        Assert.Contains("[Result, ~", graded.Feedback.Template, StringComparison.Ordinal);
        Assert.DoesNotContain("much happier", graded.Feedback.Template, StringComparison.Ordinal);
        Assert.Contains("As a result pages dropped by 50 percent.", TestLibrary.Grader.Grade(Story()).Feedback.Template, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_StutteredWords_QuotesEachOnce()
    {
        var answer = TestLibrary.Timed(
            "netflix-recruiter-four-principles",
            12,
            (0.5, 11.0, "I think I think Dream Team means means high performers who work great together."));

        var template = TestLibrary.Grader.Grade(answer).Feedback.Template;

        Assert.StartsWith("\"I think Dream Team means high performers who work great together.", template, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WordTheRubricLetsRepeat_QuotesItTwice()
    {
        var answer = TestLibrary.Timed(
            "netflix-recruiter-four-principles",
            12,
            (0.5, 11.0, "Dream Team means very very high performers who work great together."));

        var template = TestLibrary.Grader.Grade(answer).Feedback.Template;

        Assert.Contains("very", Rubric.RepeatExempt);
        Assert.StartsWith("\"Dream Team means very very high performers", template, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SentenceLeftDanglingOnTo_KeepsTheSlot()
    {
        var dangling = TestLibrary.Timed(
            "netflix-recruiter-four-principles",
            12,
            (0.5, 11.0, "Dream Team means high performers who all of that applies to"));

        var template = TestLibrary.Grader.Grade(dangling).Feedback.Template;

        Assert.StartsWith("\"[the idea in one plain sentence.]", template, StringComparison.Ordinal);
        Assert.DoesNotContain("applies to", template, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MotivationThatSaysTheKeyMessage_QuotesItAsTheDifferenceOnce()
    {
        var keyMessage = TestLibrary.Library.Company("netflix").Role.KeyMessage;
        var answer = TestLibrary.Timed(
            Answers.WhyNetflixId,
            30,
            (0.5, 8.0, "What excites me is bringing diffusion research into studio tools."),
            (8.5, 16.0, "Creators at the studio could relight a shot in minutes instead of days."),
            (16.5, 26.0, keyMessage + "."));

        var template = TestLibrary.Grader.Grade(answer).Feedback.Template;

        Assert.StartsWith("\"What excites me is bringing diffusion research into studio tools.", template, StringComparison.Ordinal);
        Assert.EndsWith(keyMessage + ".\"", template, StringComparison.Ordinal);
        Assert.DoesNotContain("[How it differs", template, StringComparison.Ordinal);
    }
}
