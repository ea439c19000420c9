using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// A concept answer below the explanation bound that only one of the bank's other questions reads closer to is not surely
/// off topic (rubric semantic.explanation_sure_closer_share): one neighbour on the same theme ("what excites you about
/// this role?" beside "how do you learn a new domain?") says the answer leans, not that it answers another question.
/// Round 18's build-break-read habit, a B from the coach, was capped off topic at D by one closer question of 26.
/// </summary>
public class ExplanationCloserShareTests
{
    // dev-r18-41 (prompts/eval/dev).
    private const string BuildBreakRead = "I learn a new domain by building something small in it quickly and going back for the theory afterwards. "
        + "When I wanted to understand diffusion models, I didn't start with the math. I got a ComfyUI workflow running on a rented GPU, broke it on "
        + "purpose by changing the scheduler and the step count, and only then read the parts of the paper that explained what I'd seen. Then I "
        + "rebuilt the sampling loop in plain PyTorch, about two hundred lines, to make sure I really understood it. That's roughly my pattern: "
        + "build, break, read, rebuild.";

    [Fact]
    public void Grade_ExplanationWithOneCloserNeighbour_IsNotCappedOffTopic()
    {
        var rubric = TestLibrary.Library.Rubric;
        var answer = TestLibrary.Typed("netflix-recruiter-learning-new-domains", BuildBreakRead, 38);

        var graded = TestLibrary.Grader.Grade(answer);
        var anyCloser = TestLibrary.GraderWith(rubric with { Semantic = rubric.Semantic with { ExplanationSureCloserShare = 0 } }).Grade(answer);

        Assert.InRange(graded.Findings.CloserQuestionsShare, double.Epsilon, rubric.Semantic.ExplanationSureCloserShare);
        Assert.DoesNotContain("off_topic", graded.Flags);
        Assert.Contains("off_topic", anyCloser.Flags);
        Assert.Equal("D", anyCloser.Grade);
    }
}
