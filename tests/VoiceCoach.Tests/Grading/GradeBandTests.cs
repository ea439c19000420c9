using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

/// <summary>
/// Where the label rules (prompts/eval/README.md) put an answer on the 12-letter scale: the D band is for critical
/// misses, F for silence and for words that decline the question, and a motivation answer without a work example is
/// still a B+ (seed 004 Q1). The figures come from prompts/rubric.yaml (critical.sound_floor, no_attempt,
/// penalties_by_kind, example.missing_score).
/// </summary>
public class GradeBandTests
{
    private const string ResonatesId = "netflix-recruiter-principle-resonates";
    private const string ProcessId = "netflix-recruiter-process-expectations";
    private const string LaLocationId = "netflix-recruiter-la-location";
    private const string CandorId = "netflix-recruiter-values-candor";
    private const string OverfittingId = "netflix-reported-overfitting-underfitting";

    /// <summary>Written for these tests: a right explanation with her own instance (a number, "I"), 26 s when spoken.</summary>
    private const string OwnInstance = "Overfitting is a model that learns the noise in its training data, so it does well there and badly on new data. "
        + "I saw it on my ticket router: ninety-eight percent on training, seventy on validation. Underfitting is a model too simple for "
        + "the pattern. I fixed mine with more data and regularisation.";

    /// <summary>Written for these tests: the same idea as <see cref="OwnInstance"/> in general terms, no number, no "I".</summary>
    private const string Generic = "Overfitting is when a model learns the noise in its training data as if it were signal, so it scores well on "
        + "the training set and badly on new data. Underfitting is the opposite: a model too simple for the pattern, poor on both. More "
        + "data, a simpler model or regularisation helps the first; more capacity or better features help the second.";

    [Fact]
    public void Grade_RamblingWeHeavyStoryWithNoCriticalMiss_NotBelowCMinus()
    {
        // Relevant experience, 95 s, "we" throughout, fillers, no number, no value: many small gaps, no critical miss.
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.MlopsId, Answers.Ramble, 95));

        Assert.Null(graded.CappedBy);
        Assert.Contains("too_long", graded.Flags);
        Assert.Contains("we_heavy", graded.Flags);
        Assert.Equal("C-", graded.Grade);
    }

    [Fact]
    public void Grade_RichStoryTooLong_IsABAtBest()
    {
        // Seed 004 Q3: rich, first person, numbers, a value, but past the recruiter target: one real gap, a B.
        const string Detail = " Before I proposed it I talked to every engineer on the rotation, because I wanted to know which alerts they "
            + "had learned to ignore, and I wrote up the three options we had with their costs. The check itself runs in under a minute, "
            + "it names the source that broke, and it opens a ticket for that source's owner instead of paging whoever is on call. "
            + "I also added a weekly report of which sources failed most, so the teams that own them can fix the causes themselves.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory + Detail, 78));

        Assert.Contains("too_long", graded.Flags);
        Assert.Equal("B", graded.Grade);
        Assert.Equal("too_long", graded.CappedBy);
    }

    [Fact]
    public void Grade_StrongStoryWithAMediumRedFlag_IsBMinusAtBest()
    {
        // The label rules: "B- / C+: a medium red flag in an otherwise sound answer". Its points alone left this at a B.
        const string Blame = " Honestly the first outage was the data team's fault, they never told anyone about the schema change.";

        var graded = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory + Blame, 52)).Graded;

        Assert.Contains("red_flag", graded.Flags);
        Assert.Equal(AnswerFlags.MediumRedFlagCap, graded.CappedBy);
        Assert.Equal("B-", graded.Grade);
    }

    [Fact]
    public void Grade_StrongStoryFullOfFillers_IsAroundBMinusNotAnA()
    {
        // Fillers past the bar are a real gap (the labels' B- for good content said with them; seed 004: "fillers distract").
        const string Said = "Um, so last year at Salesforce, uh, our model retraining pipeline kept, like, failing every weekend and the on-call team "
            + "was, you know, burning out. My task was, um, to cut the pages without slowing down releases. I, uh, analyzed three months of "
            + "alerts, found that 70 percent came from, like, one flaky data check, and I, um, proposed moving validation before training. "
            + "I shared the data openly with the team, then I, uh, built the new check in two weeks. As a result, um, pages dropped by 50 "
            + "percent and, you know, releases went from weekly to daily. That's judgment for me: fixing the long-term cause, uh, instead "
            + "of the symptom, and it's how I'd support the studio teams at Eyeline.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Said, 50));

        Assert.Equal(["fillers"], graded.Flags);
        Assert.Contains(graded.Grade, new[] { "B", "B-", "C+" });
    }

    [Fact]
    public void Grade_FirstPersonStoryWithoutANumberOrAValue_IsTwoGapsNotAFailingGrade()
    {
        // A concrete first-person story whose result has no measure and which names no value: no_numbers and no_values,
        // each one gap with its penalty; the criteria for the same two things must not count them again (C- before).
        const string Said = "The one I'm proudest of is the evaluation service I built at Salesforce. Every team was scoring its models with "
            + "its own notebooks, so nobody could compare results. I designed a shared service where a team registers a dataset and a "
            + "metric once, and every new model version is scored the same way. I wrote the scoring workers and the comparison page "
            + "myself, and I moved the biggest teams onto it first. It became the standard way the org compares models, and release "
            + "reviews stopped arguing about whose numbers were right.";
        var rubric = TestLibrary.Library.Rubric;

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-complex-mlops-system", Said, 40));

        Assert.Equal(["no_numbers", "no_values"], graded.Flags);
        Assert.True(rubric.Rank(graded.Grade) <= rubric.Rank("C"), graded.Grade);
    }

    [Fact]
    public void Grade_TooShortAnswerWithRedFlags_StaysInTheDBand()
    {
        // Too short and thin: the floor for answers of adequate length does not lift it (the first labelled set's D).
        const string Fan = "Netflix is a great brand and everyone knows it. I want to work with smart people and I think the culture is really good. I watch a lot of Netflix too.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.WhyNetflixId, Fan, 11));

        Assert.Contains("too_short", graded.Flags);
        Assert.StartsWith("D", graded.Grade, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_AskToComeBackToTheQuestion_CappedAtFAsNoAttempt()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ProcessId, "Um. Sorry, can I come back to this one?", 4));

        Assert.Equal("F", graded.Grade);
        Assert.Equal("no_attempt", graded.CappedBy);
        Assert.DoesNotContain("no_answer", graded.Flags);
    }

    [Fact]
    public void Grade_LongerAskToComeBackWithNothingOnTheQuestion_IsStillNoAttempt()
    {
        // Past no_attempt.max_words, but too short and nowhere near the question: declining it, an F.
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ProcessId, "Sorry, can I come back to this one later? I need a moment to gather my thoughts first, "
            + "it has been a very long day and honestly my head is somewhere else entirely right now.", 10));

        Assert.Equal("F", graded.Grade);
        Assert.Equal("no_attempt", graded.CappedBy);
    }

    [Theory]
    [InlineData("netflix-question-bank-artwork-contextual-bandit", "Hm. I haven't really used bandits in practice. Is it all right if we skip ahead and I try this one at the end?")]
    [InlineData("netflix-recruiter-values-curiosity", "Oh. Hmm, honestly that one's caught me out, is it okay if we skip ahead and I circle round to it?")]
    [InlineData(ProcessId, "Sorry, I had notes on this somewhere. Could we go on and I'll return to it?")]
    public void Grade_DeclineThatNamesTheTopicFirst_IsNoAttempt(string questionId, string text)
    {
        // Rounds 14-16 (coach: F): declines of 15-23 words, near enough the question not to be "nothing", were D+ when
        // no_attempt stopped at 12 words and knew only "come back to" and "skip this".
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, 9));

        Assert.Equal("F", graded.Grade);
        Assert.Equal("no_attempt", graded.CappedBy);
    }

    [Theory]
    // Round 18's: no phrase of no_attempt.phrases in it; close in meaning to no_attempt.examples.
    [InlineData("netflix-question-bank-ab-test-collaborative-filtering", "Ah, A/B testing a new algorithm. I know this one, I just need a second. Could we do the next one and return to this?")]
    // Written for this test.
    [InlineData(ProcessId, "Oh, expectations. Sorry, would it be okay to leave this one until the very end?")]
    public void Grade_DeclineInWordsNoPhraseHolds_IsNoAttemptByMeaning(string questionId, string text)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, 8));
        var withoutExamples = TestLibrary.GraderWith(TestLibrary.Library.Rubric with { NoAttemptExampleSimilarity = 0, NoAttemptRequests = [] }).Grade(TestLibrary.Typed(questionId, text, 8));

        Assert.Equal(("F", "no_attempt"), (graded.Grade, graded.CappedBy));
        Assert.NotEqual("no_attempt", withoutExamples.CappedBy);
    }

    [Theory]
    // Written for this test, in the shapes of round 22's two misses (0.32 and 0.41 to no_attempt.examples).
    [InlineData(ProcessId, "Sorry, it has all gone out of my head. Is it all right to do the next one and circle round at the end?")]
    [InlineData(OverfittingId, "Ah, I do know this, the words just aren't there right now. Could you give me another one first?")]
    public void Grade_RequestToTheInterviewerInsteadOfAnAnswer_IsNoAttempt(string questionId, string text)
    {
        // The requests alone decide it: with no_attempt.examples switched off it still declines, and not without both.
        var byRequests = TestLibrary.GraderWith(TestLibrary.Library.Rubric with { NoAttemptExampleSimilarity = 0 }).Grade(TestLibrary.Typed(questionId, text, 8));
        var withNeither = TestLibrary.GraderWith(TestLibrary.Library.Rubric with { NoAttemptExampleSimilarity = 0, NoAttemptRequests = [] }).Grade(TestLibrary.Typed(questionId, text, 8));

        Assert.Equal(("F", "no_attempt"), (byRequests.Grade, byRequests.CappedBy));
        Assert.NotEqual("no_attempt", withNeither.CappedBy);
    }

    [Fact]
    public void Grade_ShortAnswerThatAsksAndThenAnswers_IsNotNoAttempt()
    {
        // A request, then the idea itself: it covers a talking point, so it is an attempt (no_attempt.requests).
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(OverfittingId, "Can I keep it simple? Overfitting is memorising the training data, so validation error climbs while training error keeps falling.", 8));

        Assert.True(graded.Findings.TalkingPointsCovered > 0, $"covered {graded.Findings.TalkingPointsCovered}");
        Assert.NotEqual("no_attempt", graded.CappedBy);
    }

    [Fact]
    public void Grade_LongAskToLeaveItUntilTheEndWithNothingOnTheQuestion_IsNoAttemptByMeaning()
    {
        // Past twice no_attempt.max_words, in words no phrase holds, too short and nowhere near the question: a request to
        // skip by meaning (no_attempt.examples). The analysis used to read no example past 2 x max_words, whatever the
        // length rules in AnswerFlags said. Written for this test.
        const string Answer = "Sorry, would it be okay to leave this one until the very end? My head has gone somewhere else completely this "
            + "afternoon, I had a long night with a sick toddler and I keep losing my train of thought, so I would much rather give you "
            + "a proper answer once I have had a glass of water and a minute or two to settle down again.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(OverfittingId, Answer, 18));

        Assert.True(graded.Findings.DeclineSimilarity >= TestLibrary.Library.Rubric.NoAttemptExampleSimilarity, $"decline similarity {graded.Findings.DeclineSimilarity}");
        Assert.Equal(("F", "no_attempt"), (graded.Grade, graded.CappedBy));
    }

    [Fact]
    public void Grade_ShortAnswerWithLaterInIt_IsNotNoAttemptByMeaning()
    {
        // A thin answer is not a request to skip because it talks about later.
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ProcessId, "A recruiter screen first, then the technical rounds later on, and the culture interviews at the very end.", 8));

        Assert.NotEqual("no_attempt", graded.CappedBy);
    }

    [Fact]
    public void Grade_AdmissionInsideAShortAttempt_IsNotNoAttempt()
    {
        // "don't know" declines only in a very short answer (no_attempt.admission_max_words): here it hedges a real result.
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ProcessId, "I don't know the exact dates yet, but I expect a recruiter screen, a technical screen and then a virtual onsite.", 8));

        Assert.NotEqual("no_attempt", graded.CappedBy);
        Assert.NotEqual("F", graded.Grade);
    }

    [Fact]
    public void Grade_AsksToComeBackThenAnswers_NotNoAttempt()
    {
        const string Answer = "Can I come back to that? Actually no, let me answer. I expect a recruiter screen, then a technical screen on ML "
            + "fundamentals and coding, then a virtual onsite with system design, an ML deep dive and two culture rounds with the hiring "
            + "manager, and I'm preparing for all of them with the culture memo because context not control matters there.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ProcessId, Answer, 26));

        Assert.NotEqual("no_attempt", graded.CappedBy);
        Assert.NotEqual("F", graded.Grade);
    }

    [Fact]
    public void Grade_PrincipleResonatesWithConvictionButNoWorkExample_InTheBRange()
    {
        // 004 Q1: a genuine choice and a personal connection, no work example: B+ from the coach.
        const string Answer = "Great and Always Better, definitely. I've always been someone who looks back at what I did and asks how it "
            + "could be better. Even when something works, I'm never really satisfied with good enough, and I think that self-awareness "
            + "is what keeps me growing. I love that Netflix says it sucks today compared to tomorrow, because that's how I think about my work.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ResonatesId, Answer, 29));

        Assert.Contains("no_example", graded.Flags);
        Assert.Contains(graded.Grade, new[] { "B+", "B", "A-" });
    }

    [Fact]
    public void Grade_OneSentenceLogisticsAnswerWithNoCriticalMiss_LandsAtTheFarTooShortCap()
    {
        // Three seconds of a 20-45 s answer: almost nothing to judge, but nothing wrong either (D+, not lower).
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ProcessId, "I expect a coding screen first.", 3));

        Assert.Contains("too_short", graded.Flags);
        Assert.Equal("D+", graded.Grade);
    }

    [Fact]
    public void Grade_FewWordsWithNothingToJudge_LandsAtTheFragmentCapBelowAOneSentenceAnswer()
    {
        // A bare yes to "would you relocate to LA to work with the studio teams?" attempts the question (not F) and says
        // nothing else: the label rules' D- (almost nothing else), below the D+ of a sentence with nothing wrong.
        var fragment = TestLibrary.Grader.Grade(TestLibrary.Typed(LaLocationId, "Sure. That's fine.", 2));
        var sentence = TestLibrary.Grader.Grade(TestLibrary.Typed(ProcessId, "I expect a coding screen first.", 3));

        Assert.Equal("D-", fragment.Grade);
        Assert.Equal("D+", sentence.Grade);
        Assert.DoesNotContain(fragment.Flags, AnswerFlags.IsCritical);
    }

    [Fact]
    public void Grade_ShortDirectLogisticsAnswerWithoutACultureWord_AMinusNotLower()
    {
        // Logistics answers are judged on being short and direct; the missing culture word is one small gap.
        const string Answer = "Yes, I'd relocate to LA, and I could start there within six weeks. Working next to the studio teams matters to "
            + "me, because watching artists use the tools is how I'd find out what to build next.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(LaLocationId, Answer, 15));

        Assert.Contains("no_values", graded.Flags);
        Assert.Contains(graded.Grade, new[] { "A", "A-" });
    }

    [Fact]
    public void Grade_SoundCandorStoryThatBlamesAnotherTeam_BlameRedFlagTakesItToTheBRange()
    {
        const string Answer = "I'm comfortable with candor. Last year I told my tech lead in a one-on-one that our launch date for the ranking "
            + "model was unrealistic, and I showed him the test coverage numbers. He moved the date by three weeks and we launched with no "
            + "incidents. The only reason we were late at all was the platform team, it's always their mess we clean up. But speaking up "
            + "early with data worked.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(CandorId, Answer, 30));

        Assert.Contains("red_flag", graded.Flags);
        Assert.Contains(graded.Findings.RedFlags, r => r.Id == "blame");
        Assert.Contains(graded.Grade, new[] { "B", "B-", "C+" });
    }

    [Fact]
    public void Grade_ConceptAnswerOnTargetOnlyByTheGrace_IsThin()
    {
        // Written for this test: right, with her own instance, in 26 s: inside the 5 s grace of the 30 s minimum.
        var rubric = TestLibrary.Library.Rubric;

        var (graded, plain) = TestLibrary.GradeWithAndWithout(rubric with { ExplanationThinShare = 0 }, OverfittingId, OwnInstance, 26);

        Assert.Equal(LengthVerdict.OnTarget, graded.Findings.LengthVerdict);
        Assert.Empty(graded.Findings.WrongClaims);
        Assert.Equal(rubric.PenaltyFor("concept", RubricGrader.ThinGap), plain.Score - graded.Score, 1);
    }

    [Fact]
    public void Grade_ThinConceptAnswerWithNothingOfHerOwn_LosesTheImpersonalPointsAndTheOwnInstanceDoesNot()
    {
        // The same right idea in 26 s, in general terms (Generic) and with her own instance (OwnInstance).
        var rubric = TestLibrary.Library.Rubric;
        var without = rubric with { Substance = rubric.Substance with { ImpersonalMaxFirstPerson = -1 } };

        var generic = TestLibrary.GradeWithAndWithout(without, OverfittingId, Generic, 26);
        var own = TestLibrary.GradeWithAndWithout(without, OverfittingId, OwnInstance, 26);

        Assert.Equal(rubric.PenaltyFor("concept", RubricGrader.ImpersonalGap), generic.Without.Score - generic.Shipped.Score, 1);
        Assert.Equal(own.Without.Score, own.Shipped.Score);
    }
}
