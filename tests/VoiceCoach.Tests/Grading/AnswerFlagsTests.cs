using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

/// <summary>
/// Which flags a coach would raise on measured findings and which of them cap the grade (prompts/eval/README.md's flag
/// table; rubric.yaml's critical, ownership and caps sections). The findings are made by hand, so each test isolates one rule.
/// </summary>
public class AnswerFlagsTests
{
    private const string DesignId = "netflix-question-bank-show-dependencies";

    private static AnswerFlags Flags => new(TestLibrary.Library.Rubric, TestLibrary.Library.Company("netflix"));

    private static AnswerFindings Findings() => new()
    {
        Words = 120,
        WordsPerMinute = 150,
        LengthSeconds = 48,
        TargetSeconds = (30, 60),
        HasExample = true,
        NumbersInResult = true,
        KeyPhrasesUsed = ["context not control"],
        EnthusiasmMarkers = ["excited"],
        Star = Enum.GetValues<StarPart>().ToDictionary(p => p, _ => new StarPartTiming(true, 5, 10, "")),
    };

    [Fact]
    public void Raise_StoryToldMostlyAsWe_IsWeHeavy()
    {
        var f = Findings() with { WeWords = 9, IWords = 3 };

        var flags = Flags.Raise(TestLibrary.Question(Answers.JudgmentId), f);

        Assert.Contains("we_heavy", flags);
    }

    [Fact]
    public void Raise_DesignAnswersHypotheticalWe_IsNotWeHeavy()
    {
        // "We'd shard the graph by service" is the design's team, not an account of past work.
        var f = Findings() with { WeWords = 9, IWords = 3 };

        var flags = Flags.Raise(TestLibrary.Question(DesignId), f);

        Assert.DoesNotContain("we_heavy", flags);
    }

    [Fact]
    public void Raise_CriticalMissBelowCapConfidence_IsNotAFlag()
    {
        var cap = TestLibrary.Library.Rubric.Critical.CapConfidence;
        var f = Findings() with
        {
            CriticalMisses = [new CriticalMissCheck("incomplete", cap - 0.05, "ends on \"that\""), new CriticalMissCheck("off_topic", cap, "closer to another question")],
        };

        var flags = Flags.Raise(TestLibrary.Question(Answers.JudgmentId), f);

        Assert.DoesNotContain("incomplete", flags);
        Assert.Contains("off_topic", flags);
    }

    [Fact]
    public void Raise_StoryWhoseNumbersOnlySizeTheSituation_HasNoNumbers()
    {
        var f = Findings() with { NumbersInResult = false, Numbers = ["five terabytes"] };

        var flags = Flags.Raise(TestLibrary.Question(Answers.JudgmentId), f);

        Assert.Contains("no_numbers", flags);
    }

    [Fact]
    public void Caps_MediumRedFlagOrAMissingExampleOutsideAStory_NoCriticalMiss()
    {
        // The motivation question asked for an example and the answer has a medium red flag: two needs-work points, and
        // the missing example holds the grade at one real gap's B+ (caps.no_example_motivation) and the medium flag at the
        // label rules' B- (caps.red_flag_medium), neither a critical miss.
        var answer = TestLibrary.Typed(Answers.WhyMoveId, "I want to work somewhere with less process and more freedom, for the growth.", 40);
        var f = Findings() with
        {
            HasExample = false,
            RedFlags = [new RedFlagHit("process-heavy", "wants more process", "more process", "why", "medium")],
            CriticalMisses = [new CriticalMissCheck("no_example", 0.9, "opinions only")],
        };
        var flags = Flags.Raise(answer.Question, f);

        var caps = Flags.Caps(answer, f, flags).ToList();

        Assert.Contains("red_flag", flags);
        Assert.Contains("no_example", flags);
        Assert.Equal([AnswerFlags.MotivationNoExampleCap, AnswerFlags.MediumRedFlagCap], caps.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(caps, AnswerFlags.IsCritical);
    }

    [Fact]
    public void Caps_SureHighRedFlagInAStory_CapsAsACriticalMiss()
    {
        var answer = TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 48);
        var f = Findings() with
        {
            RedFlags = [new RedFlagHit("work-life-balance", "work-life balance", "work-life balance", "why", "high")],
            CriticalMisses = [new CriticalMissCheck("red_flag", 0.9, "high severity")],
        };
        var flags = Flags.Raise(answer.Question, f);

        var caps = Flags.Caps(answer, f, flags).ToList();

        Assert.Equal(["red_flag"], caps);
        Assert.True(AnswerFlags.IsCritical(caps[0]));
    }

    [Fact]
    public void Caps_ShortAnswerThatDeclines_ComesFirstAsNoAttemptThenAsAFragment()
    {
        var answer = TestLibrary.Typed(Answers.JudgmentId, "Um, can I come back to this one?", 3);
        var f = Findings() with { Words = 8, LengthSeconds = 3, LengthVerdict = LengthVerdict.TooShort };
        var flags = Flags.Raise(answer.Question, f);

        var caps = Flags.Caps(answer, f, flags).ToList();

        // Three seconds of a 30-60 s answer is a fragment (length.fragment_ratio), one of far too short's caps, not critical.
        Assert.Equal([AnswerFlags.NoAttemptCap, AnswerFlags.FragmentCap, "too_short"], caps);
        Assert.True(AnswerFlags.IsFarTooShort(AnswerFlags.FragmentCap));
        Assert.False(AnswerFlags.IsCritical(AnswerFlags.FragmentCap));
    }

    [Fact]
    public void Caps_ConceptAnswerWhoseRedFlagContradictsItsValue_IsCappedAsWrongAboutTheIdea()
    {
        var question = TestLibrary.Library.Questions.All.First(q => q.Kind == QuestionKinds.Concept && q.Values.Contains("dream-team"));
        var answer = TestLibrary.Typed(question.Id, "It means the team is like a family, we stick together whatever happens.", 35);
        var flag = TestLibrary.Library.Company("netflix").RedFlags.First(r => r.Contradicts.Contains("dream-team"));
        var f = Findings() with { RedFlags = [new RedFlagHit(flag.Id, flag.Id, "like a family", "why", "medium")] };

        var caps = Flags.Caps(answer, f, Flags.Raise(question, f)).ToList();

        Assert.Equal([AnswerFlags.ContradictsValueCap], caps);
    }
}
