using System.Text.RegularExpressions;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Analysis;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Red flags by meaning against the pack's examples (issue 12): a sentence the stance classifier only half hears as a flag
/// (below critical.red_flag_stance_sure) is the flag when it is nearer the flag's stance_examples than its none_examples
/// by critical.red_flag_prototype_margin; nearer the none examples, it is not.
/// </summary>
public class RedFlagPrototypesTests
{
    private const string HighPerformance = "netflix-recruiter-high-performance";

    // A boundary on her hours said in passing, with a heard_as word ("evenings") and none of the pack's phrases.
    private const string Evenings = "These days I keep my evenings free, they are for my kids.";

    [Fact]
    public void Margin_SentenceNearerTheStance_IsPositiveAndNearerTheNoneNegative()
    {
        var prototypes = new RedFlagPrototypes(Pack(["stance"], ["none"]), new AxisEncoder());

        var nearStance = prototypes.Margin(Flag(["stance"], ["none"]), [0.8f, 0.6f], CancellationToken.None);
        var nearNone = prototypes.Margin(Flag(["stance"], ["none"]), [0.6f, 0.8f], CancellationToken.None);

        Assert.Equal(0.2, nearStance!.Value, 3);
        Assert.Equal(-0.2, nearNone!.Value, 3);
    }

    [Fact]
    public void Margin_FlagWithoutExamples_IsNullAndEncodesNothing()
    {
        var encoder = new AxisEncoder();
        var prototypes = new RedFlagPrototypes(Pack([], []), encoder);

        var margin = prototypes.Margin(Flag([], []), [1f, 0f], CancellationToken.None);

        Assert.Null(margin);
        Assert.Equal(0, encoder.Encoded);
    }

    [Fact]
    public void Margin_CalledTwice_EncodesTheExamplesOnce()
    {
        var encoder = new AxisEncoder();
        var prototypes = new RedFlagPrototypes(Pack(["stance", "stance"], ["none"]), encoder);

        prototypes.Margin(Flag(["stance", "stance"], ["none"]), [1f, 0f], CancellationToken.None);
        prototypes.Margin(Flag(["stance", "stance"], ["none"]), [0f, 1f], CancellationToken.None);

        Assert.Equal(3, encoder.Encoded);
    }

    [Theory]
    [InlineData(0.0, "I keep my evenings for my family.", "I worked evenings all through the launch.", false)]   // examples not read: 0.7 is below the sure bar
    [InlineData(0.6, "I keep my evenings for my family.", "I worked evenings all through the launch.", true)]    // nearer her stance: the red flag, a cap
    [InlineData(0.6, "I worked evenings all through the launch.", "I keep my evenings for my family.", false)]   // nearer the none example: nothing
    [InlineData(0.75, "I keep my evenings for my family.", "I worked evenings all through the launch.", false)]  // the classifier under the examples' bar
    public void Grade_HalfHeardStance_IsTheFlagOnlyNearerItsStanceExamples(double bar, string stance, string none, bool flagged)
    {
        var graded = GradeWithHalfSureClassifier(bar, stance, none);

        Assert.Equal(flagged, graded.Findings.RedFlags.Any(r => r.Id == "work-life-balance" && r.Phrase.Contains("evenings free", StringComparison.Ordinal)));
        Assert.Equal(flagged, graded.Findings.CriticalMisses.Any(c => c.Flag == "red_flag" && c.Confidence >= TestLibrary.Library.Rubric.Critical.CapConfidence));
    }

    [Fact]
    public void Grade_ShippedPackAndClassifier_HearsAHalfSureStanceNearItsExamples()
    {
        // The shipped classifier gives this needing-instructions between the examples' bar (0.8) and the sure one (0.9);
        // the pack's examples put it well nearer the stance than the none examples. The rubric ships the examples off
        // (red_flag_prototype_bar 0), so both sides here set the bar.
        const string Text = "I like to own the problem end to end. Honestly I'd want the requirements written out in detail before I start on anything.";
        var rubric = TestLibrary.Library.Rubric;
        var on = rubric with { Critical = rubric.Critical with { RedFlagPrototypeBar = 0.8, RedFlagPrototypeMargin = 0.1 } };
        var off = rubric with { Critical = rubric.Critical with { RedFlagPrototypeBar = 0 } };

        var withExamples = TestLibrary.GraderWith(on).GradeByRubric(TestLibrary.Typed("netflix-recruiter-context-not-control", Text, 20)).Graded;
        var without = TestLibrary.GraderWith(off).GradeByRubric(TestLibrary.Typed("netflix-recruiter-context-not-control", Text, 20)).Graded;

        Assert.Contains(withExamples.Findings.RedFlags, r => r.Id == "needs-detailed-instructions" && r.Phrase.Contains("written out in detail", StringComparison.Ordinal));
        Assert.DoesNotContain(without.Findings.RedFlags, r => r.Id == "needs-detailed-instructions");
    }

    [Fact]
    public void Load_StanceExamplesWithoutNoneExamples_SaysSo()
    {
        const string Text = "id: acme\nname: Acme\nrole:\n  title: Engineer\nvalues:\n  - id: grit\n    name: Grit\n    evidence: [kept going]\n"
            + "red_flags:\n  - id: quitter\n    label: Quits\n    patterns: [gave up]\n    stance_examples: [\"I'd drop it when it gets hard.\"]\n";

        var ex = Assert.Throws<PromptFileException>(() => CompanyPackLoader.Load(new StringReader(Text), "companies/acme.yaml"));

        Assert.Contains("needs none_examples too", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Pack_ReadsBothKindsOfExamples()
    {
        var flag = TestLibrary.Library.Company("netflix").RedFlags.Single(f => f.Id == "work-life-balance");

        Assert.NotEmpty(flag.StanceExamples);
        Assert.NotEmpty(flag.NoneExamples);
    }

    [Fact]
    public void Rubric_PrototypeBarAboveSure_SaysSo()
    {
        var text = Regex.Replace(File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml")), @"\n  red_flag_prototype_bar: [\d.]+", "\n  red_flag_prototype_bar: 0.95");

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("red_flag_prototype_bar: must not be above red_flag_stance_sure", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Graded with a classifier that gives every sentence work-life balance at 0.7 (sure bar 0.9, doubt 0.85) and the flag's examples replaced.</summary>
    private static GradedAnswer GradeWithHalfSureClassifier(double bar, string stance, string none)
    {
        var library = TestLibrary.Library;
        var semantic = TestGrading.Semantic(library);
        var width = RedFlagFeatures.Width(semantic.Encoder.Dimensions);
        var classifier = new RedFlagClassifier(["work-life-balance", RedFlagClassifier.None], [new float[width], new float[width]],
            [(float)Math.Log(0.7 / 0.3), 0f], semantic.Encoder.ModelName, new TrainingFacts(0, 0, 0, 0, 0));
        var critical = library.Rubric.Critical with
        {
            RedFlagStanceSure = 0.9,
            RedFlagStanceDoubt = 0.85,
            RedFlagStanceUnheard = 0,
            RedFlagPrototypeBar = bar,
            RedFlagPrototypeMargin = 0.05,
        };
        var netflix = library.Company("netflix");
        var pack = netflix with
        {
            RedFlags = [.. netflix.RedFlags.Select(f => f.Id == "work-life-balance" ? f with { StanceExamples = [stance], NoneExamples = [none] } : f)],
        };
        var grader = new RubricGrader(library.Rubric with { Critical = critical }, pack,
            new SemanticModel(semantic.Encoder, semantic.Classifier, semantic.Questions, classifier));
        return grader.Grade(TestLibrary.Typed(HighPerformance, Evenings, 20));
    }

    private static RedFlag Flag(IReadOnlyList<string> stance, IReadOnlyList<string> none) =>
        new("quitter", "Quits", [new Phrase("gave up")], string.Empty, "medium") { StanceExamples = stance, NoneExamples = none };

    private static CompanyPack Pack(IReadOnlyList<string> stance, IReadOnlyList<string> none) => new()
    {
        Id = "acme",
        Name = "Acme",
        Role = new RoleProfile("Engineer", string.Empty, string.Empty, string.Empty, [], []),
        Values = [],
        RedFlags = [Flag(stance, none)],
    };

    /// <summary>"stance" is the x axis, anything else the y axis; counts the texts it encodes.</summary>
    private sealed class AxisEncoder : ISentenceEncoder
    {
        public int Encoded { get; private set; }

        public int Dimensions => 2;

        public string ModelName => "axis";

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Encoded += texts.Count;
            return [.. texts.Select(t => t == "stance" ? new float[] { 1, 0 } : new float[] { 0, 1 })];
        }
    }
}
