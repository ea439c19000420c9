using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// A story asked for one value by name that names another value as what it shows, and never its own, tells the
/// neighbouring values question's story: off topic (rubric semantic.other_value_named_confidence). Round 17's clean-up
/// told for courage ("That's the kind of selflessness I try to bring") was A-, the coach's D.
/// </summary>
public class OtherValueNamedTests
{
    private const string CourageId = "netflix-recruiter-values-courage";

    // dev-r17-11 (prompts/eval/dev).
    private const string Selflessness = "At Amazon we had around two hundred old Glue jobs that nobody owned anymore, and every quarter someone lost a week "
        + "cleaning up after them. Before a big launch I volunteered to take the whole clean-up so the rest of the team could stay on launch work. I spent "
        + "about three weeks tracing which jobs still fed anything, archived a hundred and forty of them, and wrote a one-page guide so the next person "
        + "wouldn't start from zero. Nobody asked me to and it wasn't glamorous, but putting the team ahead of my own project felt right, and our launch "
        + "went out on time. That's the kind of selflessness I try to bring.";

    [Fact]
    public void Grade_StoryNamingAnotherValueOnly_IsOffTopic()
    {
        var rubric = TestLibrary.Library.Rubric;
        var answer = TestLibrary.Typed(CourageId, Selflessness, 42);

        var graded = TestLibrary.Grader.Grade(answer);
        var without = TestLibrary.GraderWith(rubric with { Semantic = rubric.Semantic with { OtherValueNamedConfidence = 0 } }).Grade(answer);

        Assert.Contains("off_topic", graded.Flags);
        Assert.Equal("D", graded.Grade);
        Assert.Contains(graded.Findings.CriticalMisses, c => c.Flag == "off_topic" && c.Reason.Contains("Selflessness", StringComparison.Ordinal));
        Assert.DoesNotContain("off_topic", without.Flags);
    }

    [Fact]
    public void Grade_StoryNamingItsOwnValueToo_IsNotOffTopicForIt()
    {
        var answer = TestLibrary.Typed(CourageId, Selflessness.Replace("That's the kind of selflessness I try to bring.",
            "Saying no to my own roadmap for a quarter took some courage, and that's the kind of selflessness I try to bring.", StringComparison.Ordinal), 46);

        var graded = TestLibrary.Grader.Grade(answer);

        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "off_topic" && c.Reason.Contains("names Selflessness", StringComparison.Ordinal));
    }
}
