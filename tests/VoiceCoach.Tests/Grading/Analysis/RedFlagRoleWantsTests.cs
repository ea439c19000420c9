using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Asked "Why this role?", what she says she wants to do in it is about the role, so a role confusion heard there counts
/// (round 17's "the part I'd love most is picking the artwork and rows each member sees" was A-, the coach's D+); her
/// past work on the same things is not about this role.
/// </summary>
public class RedFlagRoleWantsTests
{
    [Theory]
    [InlineData("Honestly the part I'd love most is using vision models to pick the artwork each member sees when they open the app.", true)]
    [InlineData("At Salesforce I built models that picked the artwork each customer saw when they opened the app.", false)]
    public void Grade_WhyThisRole_WhatSheWantsToDoIsAboutTheRole(string sentence, bool flagged)
    {
        var library = TestLibrary.Library;
        var semantic = TestGrading.Semantic(library);
        var width = RedFlagFeatures.Width(semantic.Encoder.Dimensions);
        // Every sentence reads as the role confusion at 0.96, over the sure bar.
        var classifier = new RedFlagClassifier(["role-confusion-recommendations", RedFlagClassifier.None], [new float[width], new float[width]],
            [(float)Math.Log(0.96 / 0.04), 0f], semantic.Encoder.ModelName, new TrainingFacts(0, 0, 0, 0, 0));
        var critical = library.Rubric.Critical with { RedFlagStanceSure = 0.9, RedFlagStanceDoubt = 0.85, RedFlagStanceUnheard = 0 };
        var grader = new RubricGrader(library.Rubric with { Critical = critical }, library.Company("netflix"),
            new SemanticModel(semantic.Encoder, semantic.Classifier, semantic.Questions, classifier));

        var graded = grader.Grade(TestLibrary.Typed("netflix-recruiter-why-netflix", sentence, 30));

        Assert.Equal(flagged, graded.Findings.RedFlags.Any(r => r.Id.StartsWith("role-confusion", StringComparison.Ordinal)));
    }
}
