using VoiceCoach.Core.Companies;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// A value named by its own adjective ("I'm curious", "I was candid"; the pack's named_as) is named as surely as by its
/// noun, so the answer is not flagged no_values (issue 12: on round 11 the flag's precision was 0.48, most of the false
/// ones naming Candor or Curiosity this way). A word that is the role's domain, not a value's name, names nothing.
/// </summary>
public class ValueNamedAsTests
{
    [Theory]
    [InlineData("I'm curious by nature, so when our evaluation scores jumped overnight I spent a day reading the harness, found a leaked test split and fixed it; the real gain was four points, not eleven.", "curiosity")]
    [InlineData("When our evaluation scores jumped overnight I read the harness, found a leaked test split and was candid with the VP that our eleven points were really four.", "candor")]
    public void Grade_ValueNamedByItsAdjective_IsNamedAndNotNoValues(string text, string value)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-values-judgment", text, 40));

        Assert.Contains(graded.Findings.Values, v => v.Id == value && v.Named);
        Assert.DoesNotContain("no_values", graded.Flags);
    }

    [Fact]
    public void Grade_CreativeWorkOnly_NamesNoValue()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-values-judgment",
            "When our evaluation scores jumped overnight I read the harness for the creative tools team, found a leaked test split and fixed it; the real gain was four points, not eleven.", 40));

        Assert.DoesNotContain(graded.Findings.Values, v => v.Named);
        Assert.Contains("no_values", graded.Flags);
    }

    [Fact]
    public void Load_NamedAs_ReadsTheWordsThatNameTheValue()
    {
        var pack = CompanyPackLoader.Load(new StringReader(
            "id: acme\nname: Acme\nrole:\n  title: Engineer\nvalues:\n  - id: grit\n    name: Grit\n    named_as: [gritty]\n    evidence: [kept going]\n"), "companies/acme.yaml");

        var value = Assert.Single(pack.Values);
        Assert.Equal("gritty", Assert.Single(value.NamedAs).Pattern);
        Assert.True(value.IsNamedIn(["she", "is", "gritty"]));
    }
}
