using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Llm;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

/// <summary>
/// Silence is not an answer. The case: a hands-free session whose microphone went silent graded three silent
/// answers "Way too long (this was 5 min 0 s of talking)" with D+, D− and F.
/// </summary>
public class NoAnswerTests
{
    private static readonly RubricSettings Rubric = TestLibrary.Library.Rubric;

    /// <summary>Five minutes of recording in which voice-activity detection heard nothing (the transcript emptied).</summary>
    internal static AnswerToGrade Silent(string questionId, int index, double seconds = 300) => new()
    {
        Index = index,
        Question = TestLibrary.Question(questionId),
        Transcript = Transcript.Empty("pocketsphinx 5prealpha (en-us)"),
        Duration = TimeSpan.FromSeconds(seconds),
        AudioPath = $"answers/q{index}.wav",
        Voice = VoiceActivity.Silent,
    };

    [Fact]
    public void Grade_FiveSilentMinutes_IsNoAnswerAtTheRubricsGradeNeverTooLong()
    {
        var graded = TestLibrary.Grader.Grade(Silent(Answers.CourageId, 4));

        Assert.True(graded.Findings.NoAnswer);
        Assert.Equal(LengthVerdict.NoAnswer, graded.Findings.LengthVerdict);
        Assert.Equal(Rubric.NoAnswerGrade, graded.Grade);
        Assert.Equal(["no_answer"], graded.Flags);
        Assert.Equal(0, graded.Findings.LengthSeconds);
        Assert.DoesNotContain(graded.Feedback.NeedsWork, n => n.Contains("too long", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(graded.Feedback.Worked);
        Assert.Equal("No answer: nothing was heard in the 5 min 0 s recording.", graded.Feedback.CriticalMiss);
        Assert.Equal(Rubric.Tips.Single(t => t.Key == "no_answer").Value, graded.Feedback.Tip);
    }

    [Fact]
    public void Grade_NoAnswer_SaysWhatTheQuestionAskedForFromItsTalkingPoints()
    {
        var question = TestLibrary.Question(Answers.CourageId);

        var graded = TestLibrary.Grader.Grade(Silent(Answers.CourageId, 1));

        Assert.NotEmpty(question.TalkingPoints);
        Assert.Equal(question.TalkingPoints.Take(4), graded.Feedback.AskedFor);
        Assert.DoesNotContain("\"I", graded.Feedback.Template, StringComparison.Ordinal);
        Assert.StartsWith("\"[Situation", graded.Feedback.Template, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_NoiseTheRecogniserTurnedIntoWordsButVadHeardNothing_IsNoAnswer()
    {
        var answer = Silent(Answers.CourageId, 1) with
        {
            Transcript = TranscriptTiming.Estimate("the the a", TimeSpan.FromSeconds(300)),
        };

        var graded = TestLibrary.Grader.Grade(answer);

        Assert.True(graded.Findings.NoAnswer);
        Assert.Equal(Rubric.NoAnswerGrade, graded.Grade);
    }

    [Fact]
    public void Grade_EmptyTypedTranscript_IsNoAnswerSayingTheTranscriptIsEmpty()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.CourageId, string.Empty, 30));

        Assert.True(graded.Findings.NoAnswer);
        Assert.Equal("No answer: the transcript is empty.", graded.Feedback.CriticalMiss);
    }

    [Fact]
    public void Grade_RubricSaysD_NoAnswerGetsD()
    {
        var rubric = Rubric with { NoAnswerGrade = "D" };

        var graded = new RubricGrader(rubric, TestLibrary.Library.Company("netflix"), TestGrading.Semantic(TestLibrary.Library)).Grade(Silent(Answers.CourageId, 1));

        Assert.Equal("D", graded.Grade);
    }

    [Fact]
    public void Assess_SilentAnswersByDefault_LeftOutOfTheAveragesAndNamedAsAnArea()
    {
        var answers = new[]
        {
            TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1)),
            TestLibrary.Grader.Grade(Silent(Answers.CourageId, 2)),
            TestLibrary.Grader.Grade(Silent(Answers.WhyNetflixId, 3)),
        };

        var summary = new SessionAssessor(Rubric, TestLibrary.Library.Company("netflix")).Assess(answers, 3);

        Assert.Equal(answers[0].Grade, summary.AverageGrade);
        Assert.Equal(1, summary.QuestionsCompleted);
        Assert.Equal((int)Math.Round(100 * SessionAssessor.CultureScore(answers[0].Findings)), summary.CultureIntegrationPct);
        Assert.Equal(46, summary.AverageSeconds);
        Assert.Equal("no_answer", summary.DevelopmentAreaIds[0]);
        Assert.Contains("(2 of 3 questions got no answer)", summary.DevelopmentAreas[0], StringComparison.Ordinal);
        Assert.Equal("Answer Every Question", summary.ActionItems[0].Title);
        Assert.Contains(summary.CoachQuestions, q => q.StartsWith("**No Answer (Q2):**", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_RubricCountsSilence_AveragesItAtTheNoAnswerGradeAndZeroCulture()
    {
        var rubric = Rubric with { NoAnswerInAverages = true };
        var grader = new RubricGrader(rubric, TestLibrary.Library.Company("netflix"), TestGrading.Semantic(TestLibrary.Library));
        var answers = new[]
        {
            grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1)),
            grader.Grade(Silent(Answers.CourageId, 2)),
        };

        var summary = new SessionAssessor(rubric, TestLibrary.Library.Company("netflix")).Assess(answers, 2);

        var expected = (rubric.Band(answers[0].Grade)!.Points + rubric.Band(rubric.NoAnswerGrade)!.Points) / 2;
        Assert.Equal(rubric.LetterForPoints(expected), summary.AverageGrade);
        Assert.Equal((int)Math.Round(100 * SessionAssessor.CultureScore(answers[0].Findings) / 2), summary.CultureIntegrationPct);
        Assert.Equal(1, summary.QuestionsCompleted);
        Assert.Equal(46, summary.AverageSeconds);
    }

    [Fact]
    public void Assess_EverythingSilent_AverageIsTheNoAnswerGradeWithNoStrength()
    {
        var answers = new[] { TestLibrary.Grader.Grade(Silent(Answers.CourageId, 1)), TestLibrary.Grader.Grade(Silent(Answers.JudgmentId, 2)) };

        var summary = new SessionAssessor(Rubric, TestLibrary.Library.Company("netflix")).Assess(answers, 2);

        Assert.Equal(Rubric.NoAnswerGrade, summary.AverageGrade);
        Assert.Equal(0, summary.QuestionsCompleted);
        Assert.Empty(summary.Strengths);
        Assert.Equal(["no_answer"], summary.DevelopmentAreaIds);
    }

    [Fact]
    public async Task GradeWithLlm_NoAnswer_SendsNothingAndKeepsTheRubricsGrade()
    {
        var fake = new FakeChatService((_, _) => FakeChatService.Reply("A"));
        using var kernel = fake.Kernel();

        var graded = await LlmAnswerGraderTests.Grader(kernel).GradeAsync(Silent(Answers.CourageId, 1), CancellationToken.None);

        Assert.Empty(fake.Requests);
        Assert.Equal(Rubric.NoAnswerGrade, graded.Grade);
        Assert.Null(graded.Llm);
    }
}
