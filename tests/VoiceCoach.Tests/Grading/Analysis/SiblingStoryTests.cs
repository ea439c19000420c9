using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Sibling stories a new author tells naturally (issue 12, round 12): the asked topic waved away in the opening and
/// another told, a story that decides things but has no ambiguity, and a tool list for "how do you work with people".
/// Every answer here was written for this test.
/// </summary>
public class SiblingStoryTests
{
    private const string GpuId = "netflix-recruiter-gpu-distributed";
    private const string JudgmentId = "netflix-recruiter-values-judgment";
    private const string StakeholdersId = "netflix-study-guide-non-technical-stakeholders";

    // Distributed data processing told for distributed training: GPUs named once, in passing, then only ETL.
    private const string EtlForTraining =
        "I haven't really touched GPUs much in my roles, though I've spent years on large distributed systems. "
        + "At my current company our nightly pipelines run on a Hadoop cluster with Hive and Presto on top, and I own most of them. "
        + "Last year I moved our biggest join to a bucketed layout and cut the run from four hours to forty minutes. "
        + "I also set up the alerting so the data lands before the analysts start their day, and it hasn't been late in six months.";

    // The same question answered honestly: little distributed training, but the words for it and a real attempt.
    private const string HonestTraining =
        "Honestly my GPU work is mostly single-node: I fine-tuned a ranking model on one machine with four GPUs using PyTorch DDP. "
        + "I haven't run multi-node distributed training in production, so I read up on sharding and all-reduce and reproduced a two-node run on spot instances. "
        + "It taught me that the input pipeline, not the GPUs, was our bottleneck, and fixing the data loader doubled throughput. "
        + "It's the area I most want to grow in, and I'd love to learn it from the people who run it at scale here.";

    // Mentoring a new hire told for judgment in ambiguity: decisions, no unclear situation.
    private const string Mentoring =
        "One I'm proud of is onboarding our new hire Tomas last spring. He was put on the release rotation in his first month, which felt early to me, "
        + "so I sat with him for his first four releases and let him drive while I watched. After each release we noted what tripped him up and "
        + "I turned those notes into a checklist. By the end of the quarter he was running releases alone, and the checklist is now what every new engineer follows.";

    // The judgment question answered with its own story in everyday words.
    private const string JudgmentStory =
        "Two weeks before a launch our model's precision dropped and nobody could tell whether it was the new data or a labelling change. "
        + "Waiting for a full investigation would have missed the date, so I decided to ship the previous model and keep the new one in shadow mode. "
        + "I measured both on live traffic for a week, found the labelling change was the cause, and we shipped the fix with a three percent lift.";

    // The stakeholders question answered in everyday words: no "translate", no "jargon".
    private const string StakeholdersInEverydayWords =
        "When our legal team had to sign off a data-retention change, I skipped the architecture and showed them two options side by side: "
        + "what each would cost, how long it would take and what could go wrong. They picked one in a single meeting. "
        + "Since then I open every review with the decision I need from them, and I keep the technical detail for the appendix.";

    // "Stakeholders" repeated from the question, then a resume's tool list.
    private const string ToolList =
        "Right, stakeholders, I work with plenty of them. My main tools are Python and Java, Snowflake and dbt for the warehouse, "
        + "Kafka for streaming, Terraform for the infrastructure and Jenkins for CI, and lately some PyTorch on GPUs, so I'm comfortable across the whole stack.";

    [Fact]
    public void Grade_TopicWavedAwayInTheOpeningThenAnotherTold_IsCappedOffTopic()
    {
        var rubric = TestLibrary.Library.Rubric;
        var (shipped, without) = TestLibrary.GradeWithAndWithout(rubric with { AskedFor = rubric.AskedFor with { WavedAwayBoost = 0 } }, GpuId, EtlForTraining, 30);

        var miss = Assert.Single(shipped.Findings.CriticalMisses, c => c.Flag == "off_topic");
        Assert.True(miss.Confidence >= rubric.Critical.CapConfidence, $"{miss.Confidence}");
        Assert.Contains("only in its opening", miss.Reason, StringComparison.Ordinal);
        Assert.Contains("distributed training", miss.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(without.Findings.CriticalMisses, c => c.Flag == "off_topic" && c.Confidence >= rubric.Critical.CapConfidence);
    }

    [Fact]
    public void Grade_ToolListForStakeholders_IsCappedOffTopic()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(StakeholdersId, ToolList, 20));

        Assert.Equal("off_topic", graded.CappedBy);
    }

    [Fact]
    public void Grade_MentoringStoryForJudgment_IsCappedOffTopicNamingTheAmbiguity()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(JudgmentId, Mentoring, 33));

        Assert.Equal("off_topic", graded.CappedBy);
        Assert.Contains("the ambiguous situation", Assert.Single(graded.Findings.CriticalMisses, c => c.Flag == "off_topic").Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GpuId, HonestTraining, 40)]
    [InlineData(JudgmentId, JudgmentStory, 30)]
    [InlineData(StakeholdersId, StakeholdersInEverydayWords, 30)]
    public void Grade_OwnStoryThatNamesWhatItLacks_IsNotOffTopic(string questionId, string story, double seconds)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, story, seconds));

        Assert.DoesNotContain("off_topic", graded.Flags);
    }
}
