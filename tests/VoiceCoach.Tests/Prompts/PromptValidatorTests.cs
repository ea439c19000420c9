using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Prompts;

/// <summary>The meaning checks of the coach-editable files (RubricValidator, CompanyPackValidator, QuestionBankValidator).</summary>
public sealed class PromptValidatorTests
{
    private static readonly string RubricText = File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml"));

    [Fact]
    public void Check_TheRepositoryPrompts_HaveNoProblems()
    {
        var (library, problems) = PromptLibrary.Check(RepoPaths.InRepo("prompts"));

        Assert.Empty(problems);
        Assert.NotEmpty(library.Questions.All);
    }

    [Fact]
    public void RubricLoad_TwoChangesThatMoveGrades_NamesTheFirstWithLineAndColumnAndCountsTheRest()
    {
        var text = RubricText.Replace("max_grade_steps: 1", "max_grade_steps: 12", StringComparison.Ordinal)
            .Replace("\"excit*\"", "\"*\"", StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Matches(@"^rubric\.yaml:\d+:14: enthusiasm\[0\]: '\*' matches every word .* \(and 1 more; `voicecoach prompts check` lists them all\)$", ex.Message);
        Assert.Equal(14, ex.Column);
    }

    [Theory]
    [InlineData("a*", "matches every word starting with 'a'")]
    [InlineData("*", "matches every word")]
    [InlineData("i *", "matches every word")]
    [InlineData("?!", "has no words to match")]
    public void PhraseProblem_PatternsThatMatchEverythingOrNothing_AreNamed(string pattern, string problem)
    {
        Assert.Contains(problem, FieldRule.PhraseProblem(pattern), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("excit*")]
    [InlineData("in 20*")]
    [InlineData("trade-off*")]
    [InlineData("you know")]
    public void PhraseProblem_OrdinaryPatterns_AreFine(string pattern)
    {
        Assert.Null(FieldRule.PhraseProblem(pattern));
    }

    [Fact]
    public void YamlParse_UnclosedBracket_PointsAtTheBracketNotWhereTheParserGaveUp()
    {
        var yaml = "a: 1\nwords: [um, uh\nb: 2\nc: 3\n";

        var ex = Assert.Throws<PromptFileException>(() => YamlNode.Parse(new StringReader(yaml), "r.yaml"));

        Assert.StartsWith("r.yaml:2:8: not valid YAML: the '[' here is not closed by a ']'", ex.Message, StringComparison.Ordinal);
    }
}
