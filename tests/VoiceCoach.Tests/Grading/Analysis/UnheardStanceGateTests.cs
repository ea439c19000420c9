using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Analysis;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// A sentence with none of a red flag's heard_as words (issue 12: "once I'm home the laptop stays closed") is the flag
/// only from critical.red_flag_stance_unheard up, and, when the rubric asks, nearer the flag's stance_examples than its
/// none_examples by critical.red_flag_unheard_margin and saying what she wants (critical.red_flag_unheard_wanting).
/// </summary>
public class UnheardStanceGateTests
{
    private static readonly float[] NearStance = [0.8f, 0.6f];
    private static readonly float[] NearNone = [0.6f, 0.8f];

    [Theory]
    [InlineData(0.0, 0.99, false)]   // 0: never without a heard_as word
    [InlineData(0.95, 0.94, false)]  // under the bar
    [InlineData(0.95, 0.96, true)]   // at or over it, nothing else asked
    public void Admits_ByTheBarAlone_OnlyFromTheBarUp(double bar, double probability, bool admitted)
    {
        var gate = Gate(new CriticalMissSettings { RedFlagStanceSure = 0.9, RedFlagStanceUnheard = bar });

        Assert.Equal(admitted, gate.Admits(Flag(RedFlagStance.Wants), probability, Words("my evenings are mine"), NearNone, CancellationToken.None));
    }

    [Theory]
    [InlineData(0.1, true, true)]    // 0.2 nearer the stance examples
    [InlineData(0.1, false, false)]  // nearer the none examples
    [InlineData(0.3, true, false)]   // nearer, but not by the margin
    public void Admits_MarginAsked_OnlyNearerTheStanceExamplesByIt(double margin, bool nearStance, bool admitted)
    {
        var gate = Gate(new CriticalMissSettings { RedFlagStanceSure = 0.9, RedFlagStanceUnheard = 0.95, RedFlagUnheardMargin = margin });

        Assert.Equal(admitted, gate.Admits(Flag(RedFlagStance.Wants), 0.97, Words("my evenings are mine"), nearStance ? NearStance : NearNone, CancellationToken.None));
    }

    [Fact]
    public void Admits_MarginAskedOfAFlagWithoutExamples_IsFalse()
    {
        var flag = Flag(RedFlagStance.Wants) with { StanceExamples = [], NoneExamples = [] };
        var gate = new UnheardStanceGate(new CriticalMissSettings { RedFlagStanceSure = 0.9, RedFlagStanceUnheard = 0.95, RedFlagUnheardMargin = 0 },
            new RedFlagPrototypes(Pack(flag), new AxisEncoder()));

        Assert.False(gate.Admits(flag, 0.99, Words("my evenings are mine"), NearStance, CancellationToken.None));
    }

    [Theory]
    [InlineData(RedFlagStance.Wants, "my evenings are mine", false)]        // says nothing she wants
    [InlineData(RedFlagStance.Wants, "i'd like my evenings free", true)]    // "i'd", "like"
    [InlineData(RedFlagStance.Told, "that one was on marco", true)]          // told of others: no wanting asked
    public void Admits_WantingAsked_OnlyWhenSheSaysWhatSheWants(RedFlagStance stance, string sentence, bool admitted)
    {
        var gate = Gate(new CriticalMissSettings { RedFlagStanceSure = 0.9, RedFlagStanceUnheard = 0.95, RedFlagUnheardWanting = true });

        Assert.Equal(admitted, gate.Admits(Flag(stance), 0.97, Words(sentence), NearNone, CancellationToken.None));
    }

    [Theory]
    [InlineData(0.0, false, false)]   // without a heard_as word: nothing
    [InlineData(0.95, false, true)]   // the classifier over the unheard bar: the red flag, a cap
    [InlineData(0.95, true, false)]   // ...but she says nothing she wants, and the rubric asks it
    public void Grade_SureStanceWithoutItsWords_IsTheFlagOnlyThroughTheGate(double bar, bool wanting, bool flagged)
    {
        var library = TestLibrary.Library;
        var semantic = TestGrading.Semantic(library);
        var width = RedFlagFeatures.Width(semantic.Encoder.Dimensions);
        var classifier = new RedFlagClassifier(["work-life-balance", RedFlagClassifier.None], [new float[width], new float[width]],
            [(float)Math.Log(0.97 / 0.03), 0f], semantic.Encoder.ModelName, new TrainingFacts(0, 0, 0, 0, 0));
        var critical = library.Rubric.Critical with
        {
            RedFlagStanceSure = 0.9,
            RedFlagStanceDoubt = 0.85,
            RedFlagStanceUnheard = bar,
            RedFlagUnheardMargin = null,
            RedFlagUnheardWanting = wanting,
            RedFlagPrototypeBar = 0,
        };
        var grader = new RubricGrader(library.Rubric with { Critical = critical }, library.Company("netflix"),
            new SemanticModel(semantic.Encoder, semantic.Classifier, semantic.Questions, classifier));

        var graded = grader.Grade(TestLibrary.Typed("netflix-recruiter-high-performance", "Once I'm home the laptop stays closed.", 20));

        Assert.Equal(flagged, graded.Findings.RedFlags.Any(r => r.Id == "work-life-balance" && r.Phrase.Contains("laptop stays closed", StringComparison.Ordinal)));
    }

    private static UnheardStanceGate Gate(CriticalMissSettings critical) =>
        new(critical, new RedFlagPrototypes(Pack(Flag(RedFlagStance.Wants)), new AxisEncoder()));

    private static IReadOnlyList<string> Words(string text) => WordText.Words(text);

    private static RedFlag Flag(RedFlagStance stance) =>
        new("boundaries", "Boundaries", [new Phrase("nine to five")], string.Empty, "high") { Stance = stance, StanceExamples = ["stance"], NoneExamples = ["none"] };

    private static CompanyPack Pack(RedFlag flag) => new()
    {
        Id = "acme",
        Name = "Acme",
        Role = new RoleProfile("Engineer", string.Empty, string.Empty, string.Empty, [], []),
        Values = [],
        RedFlags = [flag],
    };

    /// <summary>"stance" is the x axis, anything else the y axis.</summary>
    private sealed class AxisEncoder : ISentenceEncoder
    {
        public int Dimensions => 2;

        public string ModelName => "axis";

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            [.. texts.Select(t => t == "stance" ? new float[] { 1, 0 } : new float[] { 0, 1 })];
    }
}
