using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>A story told for a sibling question touches none of what its own question asks for (rubric relevance.asked_for).</summary>
public class AskedForTests
{
    private const string PmLaunchId = "netflix-question-bank-disagree-pm-launch";
    private const string PlatformIncidentId = "netflix-reported-platform-incident";
    private const string ProductionIncidentId = "netflix-reported-production-incident";
    private const string DisagreedId = "netflix-study-guide-disagreed-with-someone";

    // A peer disagreement about a technical choice, told for "a PM pushed a launch you thought not ready": well told,
    // measured, "disagree and commit" named, and no product manager, launch, readiness or deadline in it.
    private const string PeerDisagreement =
        "At my last company a senior engineer on my team and I disagreed about which database to use for our new metadata service. "
        + "He wanted Cassandra because he had run it before, and I thought Postgres was a better fit for our query patterns. "
        + "I benchmarked both on a copy of our real traffic over three days, wrote up the results and we reviewed them with our tech lead. "
        + "The team picked Cassandra anyway. I disagreed, but I committed, and I wrote the schema design guide for everyone. "
        + "We migrated eleven services in five weeks and I learned to argue with data and then let go.";

    // The same question answered in its own story, without the question's exact wording.
    private const string PmLaunchStory =
        "Our product lead wanted the new ranking model out before the holiday campaign. "
        + "Offline it looked better, but I found it was clearly worse for members in two smaller countries, about eight percent fewer plays. "
        + "I showed her the breakdown and proposed shipping to the big markets first behind a guardrail on plays per member. "
        + "She agreed, we rolled out in two stages, and the fix for the small markets followed two weeks later with no regression.";

    // One model's quality bug told for the platform-layer incident: no shared platform, no teams that depend on it.
    private const string OneModelIncident =
        "The worst one I handled was a recommendation model that started ranking the same titles for everybody. "
        + "I noticed it because the diversity of our top ten rows fell by half overnight on my own dashboard. "
        + "I rolled the model back to yesterday's version within forty minutes and then dug into the cause. "
        + "A normalisation step had been fitted on a tiny sample, so one input dominated every score. "
        + "I added a check that compares the input statistics with the previous model before it can be promoted, and it has caught two bad models since.";

    [Theory]
    [InlineData(PmLaunchId, PeerDisagreement, "the product manager")] // a peer disagreement for "a PM pushed a launch"
    [InlineData(DisagreedId, OneModelIncident, "the disagreement")] // an incident for "you disagreed with someone"
    [InlineData(ProductionIncidentId, PeerDisagreement, "what broke")] // a disagreement for the production incident
    public void Grade_SiblingStory_IsCappedOffTopicNamingWhatWasAsked(string questionId, string story, string element)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, story, 45));

        Assert.Equal("off_topic", graded.CappedBy);
        var miss = Assert.Single(graded.Findings.CriticalMisses, c => c.Flag == "off_topic");
        Assert.Contains(element, miss.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PmLaunchId, PmLaunchStory)] // without "product manager", "launch" or "deadline"
    [InlineData(DisagreedId, PeerDisagreement)] // exactly the story "you disagreed with someone" asks for
    [InlineData(ProductionIncidentId, OneModelIncident)] // "the worst one", "rolled the model back": no "incident"
    public void Grade_OwnStoryInEverydayWords_IsNotOffTopic(string questionId, string story)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, story, 45));

        Assert.DoesNotContain("off_topic", graded.Flags);
    }

    // Round 11: coaching a struggling colleague, told for "you disagreed with someone": the other person is there, no disagreement.
    private const string Coaching =
        "A new engineer on my team last spring was stuck on our feature pipeline and her changes kept coming back from review. "
        + "I offered her an hour twice a week, we worked through her tickets together, and I walked her through why each comment mattered. "
        + "By the summer she was reviewing other people's pipeline changes and she owned the next backfill on her own. "
        + "Helping someone grow like that is one of the parts of the job I enjoy most.";

    [Fact]
    public void Grade_StoryMissingTheElementItsQuestionIsAbout_IsOffTopicOnlyWhenTheElementIsRequired()
    {
        var question = TestLibrary.Question(DisagreedId);
        var answer = TestLibrary.Typed(DisagreedId, Coaching, 40);
        var optional = question with { AsksFor = [.. question.AsksFor.Select(e => e with { Required = false })] };

        var shipped = TestLibrary.Grader.GradeByRubric(answer).Graded;
        var without = TestLibrary.Grader.GradeByRubric(answer with { Question = optional }).Graded;

        var miss = Assert.Single(shipped.Findings.CriticalMisses, c => c.Flag == "off_topic");
        Assert.Contains("never touches the disagreement", miss.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(without.Findings.CriticalMisses, c => c.Flag == "off_topic" && c.Reason.Contains("asks for", StringComparison.Ordinal));
    }

    [Fact]
    public void QuestionBank_AsksForRequired_IsReadAndDefaultsToFalse()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: t\n    round: recruiter\n    kind: story\n    asks_for:\n      - name: the launch\n        required: true\n        phrases: [launch*]\n      - name: the manager\n        phrases: [manager*]\n";

        var elements = Assert.Single(QuestionBankLoader.Load(new StringReader(yaml), "b.yaml")).AsksFor;

        Assert.Equal([true, false], elements.Select(e => e.Required));
    }

    [Fact]
    public void Grade_OneModelIncidentForPlatformIncident_IsOffTopic()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(PlatformIncidentId, OneModelIncident, 45));

        var miss = Assert.Single(graded.Findings.CriticalMisses, c => c.Flag == "off_topic");
        Assert.Contains("the platform layer", miss.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_EveryStoryAndLogisticsQuestion_NamesWhatOnlyItAsksFor()
    {
        // A sibling's story told for a question without elements passes the encoder's topic test (issue 12).
        var library = TestLibrary.Library;
        var unnamed = library.Questions.All
            .Where(q => q.Kind is QuestionKinds.Story or QuestionKinds.Logistics && q.AsksFor.Count < library.Rubric.AskedFor.MinElements)
            .Select(q => q.Id);

        Assert.Empty(unnamed);
    }

    [Fact]
    public void Grade_SiblingStoryTooShortToJudge_IsNotOffTopic()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(PmLaunchId, "I disagreed with a teammate about our database, showed him a benchmark, and then committed to his choice.", 10));

        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "off_topic");
    }

    [Fact]
    public void QuestionBank_AsksFor_ReadsNamesAndPhrases()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: t\n    round: recruiter\n    kind: story\n    asks_for:\n      - name: the launch\n        phrases: [launch*, \"go live\"]\n";

        var element = Assert.Single(Assert.Single(QuestionBankLoader.Load(new StringReader(yaml), "b.yaml")).AsksFor);

        Assert.Equal("the launch", element.Name);
        Assert.Equal(["launch*", "go live"], element.Phrases.Select(p => p.Pattern));
    }

    [Fact]
    public void QuestionBank_AsksForWithoutPhrases_NamesTheField()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: t\n    round: recruiter\n    kind: story\n    asks_for:\n      - name: the launch\n";

        var ex = Assert.Throws<PromptFileException>(() => QuestionBankLoader.Load(new StringReader(yaml), "b.yaml"));

        Assert.Contains("asks_for[0].phrases", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rubric_AskedFor_SiblingEvidenceCrossesTheCapAndMissingAloneDoesNot()
    {
        var rubric = TestLibrary.Library.Rubric;
        var s = rubric.AskedFor;

        Assert.InRange(s.MissedConfidence, rubric.Critical.NeedsWorkConfidence, rubric.Critical.CapConfidence - 0.01);
        Assert.True(s.MissedConfidence + s.SiblingCloserBoost >= rubric.Critical.CapConfidence);
    }
}

/// <summary>A story question answered with a rule of thumb: story-like sentences with nothing that happened in them.</summary>
public class StoryRuleOfThumbTests
{
    private const string AmbiguityId = "netflix-question-bank-context-not-control-ambiguity";

    // Written for this test: second person and present tense, no past action of hers, no specific, no number.
    private const string RuleOfThumb =
        "Honestly, that's my normal week. No one gives you a spec at my level. You talk to the people who'll use it, you write down what done "
        + "looks like, you build the smallest thing, and you check it with them. If it misses, you adjust and go again. I'm comfortable there.";

    [Fact]
    public void Grade_StoryQuestionAnsweredWithARuleOfThumb_HasNoExampleOnlyWithTheEvidenceFloor()
    {
        var rubric = TestLibrary.Library.Rubric;
        var (shipped, without) = TestLibrary.GradeWithAndWithout(
            rubric with { Semantic = rubric.Semantic with { StoryExampleMinEvidence = 0 } }, AmbiguityId, RuleOfThumb, 30);

        Assert.False(shipped.Findings.HasExample);
        Assert.Contains(shipped.Findings.CriticalMisses, c => c.Flag == "no_example");
        Assert.True(without.Findings.HasExample, "the classifier alone reads it as a story");
        Assert.True(shipped.Score < without.Score, $"{shipped.Score} vs {without.Score}");
    }
}
