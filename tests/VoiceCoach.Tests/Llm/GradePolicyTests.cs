using VoiceCoach.Llm;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Llm;

public class GradePolicyTests
{
    [Theory]
    [InlineData("C", "C", "C", 0, false)]
    [InlineData("C", "C+", "C+", 1, false)]
    [InlineData("C", "A", "C+", 1, true)]
    [InlineData("C", "F", "C-", -1, true)]
    [InlineData("A", "A", "A", 0, false)]
    [InlineData("F", "D-", "D-", 1, false)]
    public void Apply_Proposal_MovesAtMostOneStep(string rubric, string proposed, string final, int steps, bool bounded)
    {
        var result = GradePolicy.Apply(TestLibrary.Library.Rubric, rubric, proposed);

        Assert.Equal((final, steps, bounded), result);
    }

    [Fact]
    public void Apply_MaxStepsTwo_AllowsTwo()
    {
        var rubric = TestLibrary.Library.Rubric with { LlmMaxGradeSteps = 2 };

        Assert.Equal(("B-", 2, true), GradePolicy.Apply(rubric, "C", "A"));
        Assert.Equal(["B-", "C+", "C", "C-", "D+"], GradePolicy.Allowed(rubric, "C"));
    }

    [Fact]
    public void Apply_UnknownLetter_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => GradePolicy.Apply(TestLibrary.Library.Rubric, "C", "A++"));

        Assert.Contains("'A++' is not a grade", ex.Message, StringComparison.Ordinal);
    }
}
