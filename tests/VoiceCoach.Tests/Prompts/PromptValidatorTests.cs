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

    [Theory]
    [InlineData("pinned_caps: [incomplete]", "pinned_caps: [cut_off]", "calibration.pinned_caps: 'cut_off' is not a cap under caps:; expected some of: no_example,")]
    [InlineData("max_steps: 2", "max_steps: 15", "calibration.max_steps: ")]
    [InlineData("ridge_penalties: [1, 3, 10, 30, 100, 300]", "ridge_penalties: [0, 3]", "calibration.ridge_penalties: needs at least one penalty, each above 0")]
    [InlineData("feature_share: 0.33", "feature_share: 1.5", "calibration.forest.feature_share: must be a share above 0 and at most 1")]
    [InlineData("{ name: first dev, answers: 71 }", "{ name: first dev, answers: 0 }", "calibration.batches[0].answers: must be at least 1")]
    [InlineData("{ name: round 17 (blind), answers: 60, weight: 0.5 }", "{ name: round 17 (blind), answers: 60, weight: 0 }", "calibration.batches[12].weight: must be above 0 and at most 10")]
    [InlineData("{ name: round 17 (blind), answers: 60, weight: 0.5 }", "{ name: round 17 (blind), answers: 60, weight: 11 }", "calibration.batches[12].weight: must be above 0 and at most 10")]
    [InlineData("stranding_max_gap: 2", "stranding_max_gap: 0", "cut_off.stranding_max_gap: must be at least 1")]
    [InlineData("generic_kinds: [concept, motivation, logistics]", "generic_kinds: [concept, motivations]", "substance.generic_kinds: 'motivations' is not a question kind")]
    public void RubricLoad_BadSetting_NamesTheField(string from, string to, string expected)
    {
        Assert.Contains(from, RubricText, StringComparison.Ordinal);
        var text = RubricText.Replace(from, to, StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RubricLoad_BatchWeights_ReadWhereGivenAndOneElsewhere()
    {
        var rubric = RubricLoader.Load(new StringReader(RubricText), "rubric.yaml");
        var text = RubricText.Replace("{ name: round 17 (blind), answers: 60, weight: 0.5 }", "{ name: round 17 (blind), answers: 60, weight: 2.5 }", StringComparison.Ordinal);

        var batches = rubric.Calibration.Batches;

        Assert.Equal(1, batches.Single(b => b.Name == "first dev").Weight);
        Assert.Equal(0.5, batches.Single(b => b.Name == "round 17 (blind)").Weight);
        Assert.Equal(2.5, RubricLoader.Load(new StringReader(text), "rubric.yaml").Calibration.Batches.Single(b => b.Name == "round 17 (blind)").Weight);
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
