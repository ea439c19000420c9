using VoiceCoach.Core.Grading;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

/// <summary>
/// Judgement that depends on the question's kind and on how little was said (prompts/eval/README.md's label rules:
/// no_example applies to story questions and to concept or motivation questions that ask for one; a sentence or two
/// is almost nothing to judge).
/// </summary>
public class KindJudgementTests
{
    private const string PrepTimelineId = "netflix-recruiter-prep-timeline";
    private const string TopKId = "netflix-question-bank-top-k-trending";
    private const string ResonatesId = "netflix-recruiter-principle-resonates";

    [Fact]
    public void Grade_LogisticsPlanAskedWithWalkMeThrough_NoNoExample()
    {
        // "Walk me through your timeline" asks for a plan, not a story: a plan in the future tense is the answer.
        const string Plan = "Weeks one to three are data structures and graph problems, an hour every morning. Weeks four and five "
            + "are ML system design, two mock interviews a week. Week six is ML fundamentals, and the last two weeks go to the "
            + "culture memo and Eyeline's papers, because Great and Always Better means I don't repeat 2021's rushed prep.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(PrepTimelineId, Plan, 28));

        Assert.DoesNotContain("no_example", graded.Flags);
        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "no_example");
    }

    [Fact]
    public void Grade_MotivationWithoutAnExcitementWord_CostsOneSmallGapNotAQuarterOfTheGrade()
    {
        // Seed 004 Q1: a motivation answer is judged on conviction and its tie to the company. The same answer ending with
        // "I'd love to…" or without any excitement word: the second gets no_enthusiasm, a small gap, not three steps.
        const string Said = "Context not control, and it isn't close. I work best when someone explains why a thing matters and then "
            + "leaves the how to me, and I try to lead the same way. For example, each sprint I write my team a short note on what "
            + "changed for the business and which models matter most, and they choose their own work from it. Since then nobody "
            + "waits on me to approve a routine release. ";
        var rubric = TestLibrary.Library.Rubric;

        var excited = TestLibrary.Grader.Grade(TestLibrary.Typed(ResonatesId, Said + "I'd love to work that way with Eyeline's researchers and the studio.", 40));
        var flat = TestLibrary.Grader.Grade(TestLibrary.Typed(ResonatesId, Said + "That's how I'd want to work with Eyeline's researchers and the studio.", 40));

        Assert.DoesNotContain("no_enthusiasm", excited.Flags);
        Assert.Contains("no_enthusiasm", flat.Flags);
        Assert.InRange(rubric.Rank(flat.Grade) - rubric.Rank(excited.Grade), 0, 2);
    }

    [Theory]
    [InlineData("People over process, without hesitation. I love having the why explained and then being trusted with the how, "
        + "and I like that Netflix gives people context rather than rules and expects them to use their judgment. I think that's "
        + "when people do their most careful work, because they own the outcome, and it's the principle I'd most want to live by "
        + "wherever I work next.")]
    [InlineData("Great and Always Better, without hesitation. I'm never satisfied with good enough, and I love that Netflix says "
        + "out loud that the company should be better tomorrow than it is today. It makes improving things a normal part of the "
        + "job instead of a criticism of whoever built them first, and that's exactly the culture I want to be working in for "
        + "the next part of my career.")]
    public void Grade_MotivationWithoutTheAskedForExample_IsABPlus(string said)
    {
        // Seed 004 Q1 and the label rules: a genuine choice with a personal connection, no work example and no tie to the
        // role is a B+, one real gap: held there by its cap (caps.no_example_motivation), not the B it fell to when the
        // missing example also cost points in the score.
        var graded = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(ResonatesId, said, 28)).Graded;

        Assert.Contains("no_example", graded.Flags);
        Assert.Equal("B+", graded.Grade);
    }

    [Fact]
    public void Grade_MotivationSaidWithConviction_NoNoEnthusiasm()
    {
        // "Without hesitation", "I do my best work when": conviction, which the rubric counts as an excitement word.
        const string Said = "People over process, without hesitation. I do my best work when someone explains why a thing matters and "
            + "leaves the how to me. For example, every sprint I write my team a one-page note on what changed for the business, and "
            + "they pick their own work from it. That's how I'd want to work with Eyeline's researchers too.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ResonatesId, Said, 32));

        Assert.DoesNotContain("no_enthusiasm", graded.Flags);
    }

    [Fact]
    public void Grade_PrincipleQuestionAnsweredWithOneOfItsPrinciples_IsOnTopic()
    {
        // "Which principle resonates?" answered with the Dream Team and what it means to her: it answers the question
        // even though its sentences are far from the question's words (004 Q1's B+ shape in another principle).
        const string Said = "The Dream Team, for me. I've always done my best work around people who are better than me at something, and I "
            + "like that Netflix is explicit that it's a team and not a family: you're there because you're excellent and you make each "
            + "other better, and when that stops, people are honest about it. I find that freeing rather than scary. It means feedback "
            + "is normal, and nobody has to carry someone else's work.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(ResonatesId, Said, 30));

        Assert.DoesNotContain("off_topic", graded.Flags);
        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "off_topic");
        Assert.StartsWith("B", graded.Grade, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_CorrectButShortExplanation_IsThinNotAnA()
    {
        // Right in every sentence, but 22 s for a 30-60 s concept answer: the idea named without a trade-off or an
        // illustration (the labels put every such concept and design answer at B- or below). No flag, a needs-work line.
        const string Said = "Overfitting means the model has learned the noise in its training set, so it scores well there and badly on "
            + "new data. Underfitting is the opposite, a model too simple for the pattern. A widening gap between training and validation "
            + "loss shows the first.";
        var rubric = TestLibrary.Library.Rubric;

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-reported-overfitting-underfitting", Said, 22));

        Assert.Empty(graded.Flags);
        Assert.True(rubric.Rank(graded.Grade) >= rubric.Rank("B"), graded.Grade);
        Assert.Contains(graded.Feedback.NeedsWork, n => n.StartsWith("Thin: 22 s for a 30-60 s explanation", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_OneSentenceToADesignQuestion_CappedAtDPlusAsFarTooShort()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(TopKId, "I'd count views per movie in a hash map and keep a heap of the top K.", 5));

        Assert.Equal("D+", graded.Grade);
        Assert.Equal("far_too_short", graded.CappedBy);
        Assert.Contains("too_short", graded.Flags);
        Assert.DoesNotContain("far_too_short", graded.Flags);
    }

    [Fact]
    public void Grade_TooShortDesignAnswerOverAThirdOfTheMinimum_CappedAtCNotFarTooShort()
    {
        const string Design = "I'd keep a count per movie in one-minute buckets, sharded by movie ID across workers, and sum the last sixty "
            + "buckets when asked. Each worker keeps a min-heap of its top K, and a merger combines the shard heaps every few seconds. "
            + "Old buckets expire as the window slides, so memory stays bounded at sixty buckets per active movie.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(TopKId, Design, 30));

        Assert.Equal("C", graded.Grade);
        Assert.Equal("too_short", graded.CappedBy);
    }

    [Fact]
    public void Grade_ThreeSentencesToADesignQuestionInNineteenSeconds_ThinNotFarTooShort()
    {
        // A third of a design answer's 60 s minimum is 20 s, but three sentences with the right parts are a thin answer
        // with some substance (a C), not the sentence or two a far-too-short answer is (length.far_too_short_max_seconds).
        const string Design = "I'd put the watch events on Kafka and update the profile in Flink, keyed by user. "
            + "The profile goes to an online feature store that the ranker reads at request time. "
            + "The same features get logged for training so both sides see one definition.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-question-bank-realtime-feature-pipeline", Design, 19));

        Assert.Contains("too_short", graded.Flags);
        Assert.NotEqual("far_too_short", graded.CappedBy);
        Assert.Equal("C", graded.Grade);
    }

    [Fact]
    public void Grade_TooShortAnswerWithAMediumRedFlagAndNoCriticalMiss_IsACMinusAtWorst()
    {
        // The D band is for critical misses; a short, negative answer is thin (prompts/eval/README.md: C- at worst).
        const string Negative = "Honestly I'm sick of the politics on my team. Decisions get made in meetings I'm not in, "
            + "and I've been in the same role for three years without a real project of my own, so it's time.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-why-move", Negative, 16));

        Assert.Contains("too_short", graded.Flags);
        Assert.Contains("red_flag", graded.Flags);
        Assert.Null(graded.Feedback.CriticalMiss);
        Assert.Equal("C-", graded.Grade);
    }

    [Fact]
    public void Grade_TwoDifferentMediumRedFlags_AreACriticalMiss()
    {
        // "Smart people" and a surface-level culture answer: each is medium, together they are the misalignment itself.
        const string Fan = "Netflix is a great brand and everyone knows it. I want to work with smart people, and I've heard good things "
            + "about the culture from friends, so it feels like a good next step for me.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-why-netflix", Fan, 14));

        Assert.Equal(2, graded.Findings.RedFlags.Count);
        Assert.Contains(graded.Findings.CriticalMisses, c => c.Flag == "red_flag" && c.Confidence >= TestLibrary.Library.Rubric.Critical.CapConfidence);
        Assert.Contains(graded.Grade, new[] { "D+", "D", "D-" });
    }

    [Fact]
    public void Grade_ConceptAnswerThatExplainsAnotherIdea_IsOffTopic()
    {
        // Asked how to build for creators and artists, it explains engineering habits for engineers. Few of the bank's
        // other questions are closer (it is about nothing in particular), so only the concept rule catches it: a concept
        // answer explains the idea asked about (semantic.explanation_on_topic_similarity).
        const string Elsewhere = "I care a lot about code quality. I write design docs before I build anything, I review every pull "
            + "request within a day, and I keep test coverage high so nobody is afraid to change things. On my last team I set up "
            + "linting and a shared style guide, and the number of bugs in review dropped. Good engineering habits make everything else easier.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-non-technical-users", Elsewhere, 30));

        Assert.Contains("off_topic", graded.Flags);
        Assert.Contains(graded.Grade, new[] { "D+", "D", "D-" });
        Assert.NotNull(graded.Feedback.CriticalMiss);
    }

    [Fact]
    public void Grade_ConceptAnswerThatExplainsTheAskedIdea_IsOnTopic()
    {
        const string OnTopic = "With nothing watched yet, I'd start from what's popular and trending in the user's country, "
            + "then ask for three titles they like during sign-up. Device and time of day help too: a phone at lunch wants "
            + "something short. As the first plays and skips come in, I'd blend in the personalised model and measure the "
            + "blend by first-week retention.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-question-bank-new-user-cold-start", OnTopic, 30));

        Assert.DoesNotContain("off_topic", graded.Flags);
        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "off_topic");
    }

    [Fact]
    public void Grade_TechnicalHowDoYouHandleQuestionAnsweredWithTheTechnique_NoNoExample()
    {
        // "How do you handle the cold start problem?" in a technical round asks for the technique, not a story from her work.
        const string Technique = "For someone with no history I'd fall back on popularity, what's trending in their region this week. "
            + "Sign-up can ask for a few titles they like, which gives a first taste vector. Context like device and time of day "
            + "narrows it further, and as plays come in the personalised model takes a bigger share. I'd check the onboarding "
            + "step with an experiment on first-week retention.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-question-bank-new-user-cold-start", Technique, 30));

        Assert.DoesNotContain("no_example", graded.Flags);
        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "no_example");
    }

    [Theory]
    [InlineData(true, "Bias is what you get from assumptions that are too simple, variance from chasing noise in one training set. "
        + "Say we're forecasting a movie's first-week views. A model that always predicts last month's average has high bias and no "
        + "variance at all. A deep tree fit on forty launches nails every one of them, but retrain it on forty others and its answers "
        + "jump around, so it fails on the next launch. Cross-validation finds the depth in between, and pruning pulls variance down.")]
    [InlineData(false, "Bias is the error from assumptions that are too simple, and variance is the error from being too sensitive "
        + "to the particular training set. A high-bias model underfits and a high-variance model overfits. The total error is bias "
        + "squared plus variance plus noise, so lowering one usually raises the other. Regularisation, more data and ensembles "
        + "are the usual ways to find the balance.")]
    public void Grade_TechnicalConceptAskingForAWorkedExample_AWorkedIllustrationIsTheExample(bool illustrated, string answer)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-reported-bias-variance", answer, 34));

        Assert.Equal(illustrated, graded.Findings.HasExample);
        Assert.Equal(!illustrated, graded.Flags.Contains("no_example"));
    }

    [Theory]
    [InlineData(40, "slow")]
    [InlineData(14, "fast")]
    [InlineData(22, null)]
    public void Grade_TypedAnswerWithAStatedDuration_PaceIsJudgedOnIt(double seconds, string? expected)
    {
        // 50 words: 75 words a minute in 40 s, 214 in 14 s, 136 in 22 s. The word times are estimated, the pace is not.
        const string Answer = "I want to move from business models to tools that artists use every day. At Salesforce my pipelines "
            + "served forecasts nobody saw; at Eyeline a relighting model I help ship ends up in a compositor's hands on Monday. "
            + "That's what excites me, and it's why I'm making this move now.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-career-transition", Answer, seconds));

        Assert.True(graded.Answer.TimingEstimated);
        Assert.Equal(expected is "slow", graded.Flags.Contains("slow"));
        Assert.Equal(expected is "fast", graded.Flags.Contains("fast"));
    }

    [Fact]
    public void Grade_ConceptAnswerThatGetsItsValueBackwards_IsWrongAboutTheCoreIdea()
    {
        // Asked about the four principles, it calls the Dream Team a family: the memo's own counter-example, so the answer
        // is wrong about what was asked (C-), not a sound answer with one unlucky phrase.
        const string Backwards = "The four principles are about how people work together. The Dream Team means we're like a family, "
            + "everybody looks after everybody and nobody gets left behind. People over Process means there aren't many rules, "
            + "so you can do things your own way. Uncomfortably Exciting means the work is hard and there's a lot of pressure, and "
            + "Great and Always Better means always trying to improve things.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-four-principles", Backwards, 30));
        // The bank's wrong claims (the Dream Team as a family) take it there too; without them the cap alone does.
        var byCap = TestLibrary.GraderWith(TestLibrary.Library.Rubric with { Claims = new ClaimSettings() }).Grade(TestLibrary.Typed("netflix-recruiter-four-principles", Backwards, 30));

        Assert.Contains("red_flag", graded.Flags);
        Assert.NotEmpty(graded.Findings.WrongClaims);
        Assert.Equal("C-", graded.Grade);
        Assert.Equal("contradicts_value", byCap.CappedBy);
        Assert.Equal("C-", byCap.Grade);
    }

    [Fact]
    public void Grade_SameRedFlagOnAConceptAboutOtherValues_IsNotCappedAsWrong()
    {
        const string Answer = "With researchers I start from their paper and prototype and ask what result matters to them, then I "
            + "turn it into a pipeline they can rerun themselves. With engineers it's code review and shared ownership; we were like a "
            + "family on my last team, so the hand-over was easy. Either way I write down the interface early so nobody is surprised.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-researchers-vs-engineers", Answer, 30));

        Assert.Contains("red_flag", graded.Flags);
        Assert.NotEqual("contradicts_value", graded.CappedBy);
    }

    [Fact]
    public void Grade_GoodStoryToldAsWe_IsABAtBest()
    {
        // A complete story with a number and a value, but every action is "we": one real gap, the B band.
        const string We = "Last year at Salesforce our team was handed a retraining pipeline that failed most weekends and nobody knew why. "
            + "We had no runbook and no owner, so we decided to treat it as our own. We traced the failures to a flaky data check, "
            + "we moved validation in front of training, and we added an alert that names the broken source. We cut weekend pages "
            + "by sixty percent in a month. That's context, not control: we were trusted with the problem, not told the fix.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-context-not-control", We, 40));

        Assert.Contains("we_heavy", graded.Flags);
        Assert.Equal("B", graded.Grade);
        Assert.Equal("we_heavy", graded.CappedBy);
    }

    [Fact]
    public void Grade_DesignAnswerInHypotheticalWe_IsNotWeHeavy()
    {
        // A design's "we'd" is the hypothetical team building it, not past work hiding her part.
        const string Design = "First we'd pin down the metric: we'd use watch time per member over the first week, with retention as a guardrail. "
            + "We'd randomise by member, not by session, so a member never sees both arms, and we'd size the test for a one percent lift, "
            + "which at our traffic means about two weeks. We'd check sample ratio on day one, and we'd look at new and tenured members "
            + "separately because collaborative filtering treats them very differently. If the lift holds in both, we'd ship it.";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-question-bank-ab-test-collaborative-filtering", Design, 75));

        Assert.DoesNotContain("we_heavy", graded.Flags);
    }

    [Fact]
    public void Grade_RunOnStoryEndingOnANumberWithNoResultSentence_NumberIsTheResult()
    {
        // A recogniser-style transcript: no punctuation, so the outcome shares one long sentence with the action.
        const string Heard = "at amazon our search retraining kept failing and nobody owned it so i took it on and i traced the failures "
            + "to bad input partitions and i added a validation stage in front of training and i moved the heavy jobs to spot "
            + "instances and the failed runs went down from one in five to one in fifty";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Heard, 30));

        Assert.DoesNotContain(graded.Findings.Sentences, s => s.Part == StarPart.Result);
        Assert.True(graded.Findings.NumbersInResult);
        Assert.Contains("fifty", graded.Findings.ResultNumbers);
        Assert.DoesNotContain("no_numbers", graded.Flags);
    }

    [Theory]
    [InlineData( // "shipped" is the groups' work, not what the three measures (rubric results.outcome_window_words)
        "My director gave me one line of context: the research teams don't trust our model registry, fix it. "
        + "I started by sitting with three of the research groups to learn in detail how they shipped models. "
        + "Nobody could see why a model had been rejected, so I built a report that explains which check failed and how to fix it. "
        + "The teams started using the registry for everything, and the complaints pretty much stopped.")]
    [InlineData( // "It took two quarters" is what the work cost (rubric results.effort_before)
        "Our teams at Salesforce each computed the same features their own way, and the numbers never matched. "
        + "I designed a shared definition layer, so a feature is written once and the platform generates both the batch job "
        + "and the online lookup from it. I built the backfill service and the consistency checker, and I moved the teams "
        + "over one at a time. It took two quarters. Everyone was really happy with it, and it's now the standard way we ship features.")]
    public void Grade_NumberThatDoesNotMeasureTheOutcome_IsNotAResult(string said)
    {
        // The outcome each story ends on ("the complaints pretty much stopped", "the standard way we ship") has no measure.
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, said, 42));

        Assert.False(graded.Findings.NumbersInResult, string.Join(", ", graded.Findings.ResultNumbers));
        Assert.Contains("no_numbers", graded.Flags);
    }

    [Fact]
    public void Grade_GoodStorySaidSlowly_IsABNotAnAMinus()
    {
        // The labels give a good answer delivered slowly (long searching pauses) a B: delivery is its one real gap.
        const string Said = "At Amazon our retraining jobs failed about one night in five and nobody owned them. I took them on. "
            + "I traced the failures to bad input partitions, added a validation stage in front of training and moved the heavy "
            + "jobs to spot instances. Failed runs went from one in five to one in fifty, and the cost fell by a third. That's "
            + "judgment for me: fix the cause, not the symptom.";

        var steady = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(Answers.JudgmentId, Said, 28)).Graded;
        var slow = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(Answers.JudgmentId, Said, 42)).Graded;

        Assert.Contains("slow", slow.Flags);
        Assert.StartsWith("A", steady.Grade, StringComparison.Ordinal);
        Assert.True(TestLibrary.Library.Rubric.Rank(slow.Grade) >= TestLibrary.Library.Rubric.Rank("B+"), slow.Grade);
    }

    [Fact]
    public void Grade_RunOnStoryWithANumberOnlyInItsOpening_NoResultNumber()
    {
        const string Heard = "at amazon we had five retraining pipelines and one of them kept failing and nobody owned it so i took it on "
            + "and i traced the failures to bad input partitions and i added a validation stage in front of training and i moved "
            + "the heavy jobs to spot instances and after that it was much more reliable and the team trusted it again";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Answers.JudgmentId, Heard, 30));

        Assert.False(graded.Findings.NumbersInResult);
        Assert.Empty(graded.Findings.ResultNumbers);
    }
}
