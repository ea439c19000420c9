using VoiceCoach.Core.Grading;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

/// <summary>The per-answer analysis errors issue 12 lists, each pinned by the answer that showed it.</summary>
public class AnalysisFixesTests
{
    private const string IncidentId = "netflix-reported-production-incident";
    private const string ResonatesId = "netflix-recruiter-principle-resonates";
    private const string CuriosityId = "netflix-recruiter-values-curiosity";

    // Tells the incident the question asks for (what broke, what I did, the fix, the number) without its nouns:
    // no "incident", "front line" or "production". It was capped off topic (D) and credited with Great and Always Better.
    private const string IncidentStory =
        "Last March our model serving cluster started timing out every few minutes on a Friday night. "
        + "I was on call, so I pulled the traces and saw that a config push had halved the connection pool. "
        + "I rolled the config back, which brought latency down within ten minutes, and then I wrote a check that blocks pool changes without a load test. "
        + "We lost about forty minutes of recommendations quality, and since then that check has stopped two more bad pushes.";

    [Fact]
    public void Grade_IncidentStoryWithoutTheQuestionsNouns_IsOnTopicAndNotCapped()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(IncidentId, IncidentStory, 40));

        Assert.DoesNotContain("off_topic", graded.Flags);
        Assert.Null(graded.CappedBy);
        Assert.Null(graded.Feedback.CriticalMiss);
    }

    [Fact]
    public void Grade_IncidentStory_DoesNotCreditAValueItNeverTouches()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(IncidentId, IncidentStory, 40));

        Assert.DoesNotContain(graded.Findings.Values, v => v.Id == "great-and-always-better" && v.Tied);
        Assert.DoesNotContain(graded.Feedback.Worked, w => w.Contains("Great and Always Better", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_PrincipleWithAHabitAndForExample_HasAnExampleAndNoCriticalMiss()
    {
        const string Text = "Great and Always Better resonates most with me. I'm never satisfied with good enough, and I keep a habit of looking back. "
            + "For example, I keep reviewing every pipeline failure from the week on Friday afternoons, and I write down one thing we change so it cannot happen again. "
            + "That habit is why our on-call pages keep going down.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ResonatesId, Text, 32));

        Assert.DoesNotContain("no_example", graded.Flags);
        Assert.Null(graded.Feedback.CriticalMiss);
        Assert.True(graded.Findings.HasExample);
    }

    [Fact]
    public void Grade_OpinionOnlyHowDoYouApproach_IsFlaggedNoExampleWithoutACriticalMiss()
    {
        const string Text = "I think curiosity is about always wanting to learn. In general I believe you should read a lot, ask questions and stay humble. "
            + "It's important to be interested in other people's ideas, and ideally you learn the fundamentals before going deep. "
            + "I would say that's the right mindset for any engineer.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(CuriosityId, Text, 30));

        Assert.Contains("no_example", graded.Flags);
        Assert.Null(graded.Feedback.CriticalMiss);
        Assert.Contains(graded.Feedback.NeedsWork, n => n.StartsWith("No concrete example", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_RecognisedSThree_IsNotAQuantifiedResult()
    {
        // PocketSphinx hears "S3" as "s three".
        const string Heard = "at amazon i built the pipelines that moved our data into s three and then i cleaned up the jobs "
            + "so the data scientists could pick it up from there and in the end the jobs ran from s three every night without help";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.MlopsId, Heard, 30));

        Assert.Empty(graded.Findings.Numbers);
        Assert.False(graded.Findings.NumbersInResult);
        Assert.DoesNotContain(graded.Feedback.Worked, w => w.StartsWith("Quantified result", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_NineteenWeAndFourteenI_IsWeHeavyAndOwnershipIsNotFull()
    {
        var text = string.Join(' ', Enumerable.Repeat("we built it and we shipped it.", 9)) + " we did it. "
            + string.Join(' ', Enumerable.Repeat("I wrote the check.", 14));

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.MlopsId, text, 50));

        Assert.Equal(19, graded.Findings.WeWords);
        Assert.Equal(14, graded.Findings.IWords);
        Assert.Contains("we_heavy", graded.Flags);
        Assert.True(graded.Criteria["ownership"] < 100, $"ownership {graded.Criteria["ownership"]}");
    }

    [Fact]
    public void Grade_CompleteSentenceEndingOnThatThenAPause_IsNotCutOff()
    {
        var answer = WithVoice(
            TestLibrary.Timed(Answers.CourageId, 31, (0.2, 14, "i think courage is really important and good engineers challenge the status quo"), (14.3, 29.0, "i always try to be honest with my team and i'm definitely someone who the values that")),
            spokenEnd: 29.0);

        var graded = TestLibrary.Grader.Grade(answer);

        Assert.DoesNotContain("incomplete", graded.Flags);
        Assert.NotEqual("incomplete", graded.CappedBy);
    }

    [Fact]
    public void Grade_MidSentenceStopAtTheEndOfTheRecording_IsCutOff()
    {
        var answer = WithVoice(
            TestLibrary.Timed(Answers.ExcitesId, 22, (0.2, 10, "what excites me is computer vision for content creators and the studio"), (10.3, 21.9, "and the way computer vision is different at netflix is that the")),
            spokenEnd: 21.95);

        var graded = TestLibrary.Grader.Grade(answer);

        Assert.Contains("incomplete", graded.Flags);
        Assert.Contains(graded.Findings.CriticalMisses, c => c.Flag == "incomplete" && c.Reason.Contains("end of the recording", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_DanglingWordTheRecogniserWasUnsureOf_IsANeedsWorkPointNotACap()
    {
        var timed = TestLibrary.Timed(Answers.ExcitesId, 24, (0.2, 10, "what excites me is computer vision for content creators and the studio"), (10.3, 21.9, "and working next to researchers would push me technically and"));
        var words = timed.Transcript.Words.ToList();
        words[^1] = words[^1] with { Confidence = 0.3 };
        var answer = WithVoice(timed with { Transcript = new VoiceCoach.Core.Transcription.Transcript("test", [new(TimeSpan.Zero, TimeSpan.FromSeconds(24), "x", words)]) }, spokenEnd: 21.9);

        var graded = TestLibrary.Grader.Grade(answer);

        Assert.DoesNotContain("incomplete", graded.Flags);
        Assert.Contains(graded.Feedback.NeedsWork, n => n.StartsWith("The ending may be unfinished", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.95, true)]
    [InlineData(0.3, false)]
    public void Grade_ResultNumberHeardWithThisConfidence_IsAQuantifiedResultOnlyWhenSure(double numberConfidence, bool quantified)
    {
        // The demo's "the three trees" (a misheard "retries", confidence 0.31) was praised as a quantified result.
        var story = Answers.TimedStory();
        var words = story.Transcript.Words.Select(w => w with { Confidence = char.IsDigit(w.Text[0]) ? numberConfidence : 0.95 }).ToList();
        var answer = story with { Transcript = story.Transcript with { Segments = [story.Transcript.Segments[0] with { Words = words }] } };

        var graded = TestLibrary.Grader.Grade(answer);

        Assert.Equal(quantified, graded.Findings.NumbersInResult);
        Assert.Equal(quantified, graded.Feedback.Worked.Any(w => w.StartsWith("Quantified result", StringComparison.Ordinal)));
    }

    [Fact]
    public void Grade_StoryWhoseOnlyNumberIsInTheOpeningScene_HasNoQuantifiedResult()
    {
        // The demo's ramble was praised for "five" (terabytes a month, the pipeline's scale): a number that measures the
        // situation, not what the story achieved (prompts/eval/README.md: numbers only in the situation don't count).
        const string story = "Last year at Salesforce our deploy pipeline went down for about two hours because another team pushed a bad firewall rule. "
            + "I was on call, so I traced the failures to the rule and asked them to roll it back. "
            + "I also wrote a check that tests firewall changes against the pipeline before they go out. "
            + "After that the other teams got more careful, and the check has caught bad rules before they reached us.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, story, 30));

        Assert.True(graded.Findings.HasExample);
        Assert.False(graded.Findings.NumbersInResult);
        Assert.Contains("no_numbers", graded.Flags);
        Assert.DoesNotContain(graded.Feedback.Worked, w => w.StartsWith("Quantified result", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_LongSetupWhoseNumbersAreAllBackstory_HasNoQuantifiedResult()
    {
        // Seed 004 Q5's "doesn't explain HOW": most of the story sets the scene (its numbers size the team and the
        // roadmap, "had doubled" is the backstory's past perfect, "two engineers" comes late but still in the scene), then
        // one sentence of action and "things got better". No measure of the result.
        const string Story = "So this was my tech lead at Salesforce, and some context first. He'd run the team for eight years, he'd designed "
            + "the original platform himself, and everyone deferred to him. Our group had grown from five to twelve people that year, we'd "
            + "taken on the data platform, and the backlog had doubled. And the way he planned was that he'd promise dates to the directors "
            + "in meetings we weren't in, and tell us afterwards. People were working late to hit dates nobody had estimated, and three "
            + "engineers had told me privately they were close to quitting. I was the most senior person after him, so I felt it was on me. "
            + "So I booked a one-on-one and gave him some candid feedback about what I was seeing, and he took it well, and planning improved after that.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-values-candor", Story, 56));

        Assert.True(graded.Findings.HasExample);
        Assert.False(graded.Findings.NumbersInResult);
        Assert.Contains("no_numbers", graded.Flags);
    }

    [Fact]
    public void Grade_ResultToldInsideAnActionSentence_IsAQuantifiedResult()
    {
        // A spoken result often shares its sentence with the action; "cut ... from two days to six hours" measures it.
        const string story = "I've spent six years in MLOps, most of it on training pipelines. "
            + "At Amazon I owned the training pipeline for the search ranking models and cut retraining time from two days to six hours by moving to spot GPU clusters. "
            + "At Salesforce I led the move to a shared model registry with automated canary checks, and every team now deploys through it. "
            + "For this role that means I can give Eyeline's researchers a path from a notebook to the studio's production tools.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-mlops-experience", story, 34));

        Assert.True(graded.Findings.NumbersInResult);
        Assert.DoesNotContain("no_numbers", graded.Flags);
        Assert.Contains(graded.Feedback.Worked, w => w.StartsWith("Quantified result (\"two days\")", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_MotivationAnswerMentioningYearsOfExperience_HasNoQuantifiedResult()
    {
        // The demo's cut-off motivation answer was praised for "five years": background, and with no story, no result.
        const string Motivation = "What excites me most is the learning. I've spent five years on MLOps for business models, forecasting "
            + "and text classification, and computer vision is the domain I want to go deep in. Working next to researchers who "
            + "publish in the field would push me, and I love the idea of tools that artists use every day.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.ExcitesId, Motivation, 24));

        Assert.False(graded.Findings.HasExample);
        Assert.False(graded.Findings.NumbersInResult);
        Assert.DoesNotContain(graded.Feedback.Worked, w => w.StartsWith("Quantified result", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_RambleWhoseActionRunsFarOverBudget_IsNotPraisedAsAClearStarStory()
    {
        // The demo's ramble (samples/answers/05) was praised for a clear STAR-Lite story beside its 66 s action.
        // As a recogniser gives it: lower case, no punctuation.
        var said = File.ReadAllText(RepoPaths.InRepo("samples", "answers", "05-mlops-ramble.txt"));
        var ramble = new string([.. said.ToLowerInvariant().Where(c => char.IsLetter(c) || c is ' ' or '\'')]);

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.MlopsId, ramble, 92));

        Assert.Contains(graded.Findings.Star.Values, p => p.OverBudget);
        Assert.DoesNotContain(graded.Feedback.Worked, w => w.StartsWith("Clear STAR-Lite story", StringComparison.Ordinal));
    }

    private static AnswerToGrade WithVoice(AnswerToGrade answer, double spokenEnd) =>
        answer with { Voice = new VoiceActivity(TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(spokenEnd), 1, 0.3, 0.3, 0) };
}
