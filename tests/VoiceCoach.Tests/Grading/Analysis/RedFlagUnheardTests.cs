using System.Text.RegularExpressions;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Red flags in words no list holds (issue 12): a sentence with none of the flag's heard_as words is the flag only when
/// the classifier clears rubric critical.red_flag_stance_unheard, and below it not even a possible one (the classifier
/// reads topic more than stance); and the answers' own sentences carry their answer id so a batch can be held out.
/// </summary>
public class RedFlagUnheardTests
{
    private const string WhyMove = "netflix-recruiter-why-move";

    // Stability with none of its heard_as words ("safe", "secure", "settle", "long term", "steady", "predictable", ...).
    private const string Ladder = "I want a large profitable company with a clear ladder for me.";

    [Theory]
    [InlineData(0.95, true)]     // the classifier (0.96) clears the unheard bar: the red flag, a cap (stability is high)
    [InlineData(0.98, false)]    // under it, though over the sure bar: nothing, not even a possible one
    [InlineData(0.0, false)]     // no unheard bar: without the flag's words nothing is said
    public void Grade_StanceWithoutTheFlagsWords_NeedsTheUnheardBar(double unheard, bool flagged)
    {
        var graded = GradeWithSureClassifier(unheard);

        Assert.Equal(flagged, graded.Flags.Contains("red_flag"));
        Assert.Equal(flagged, graded.Findings.RedFlags.Any(r => r.Id == "stability" && r.Phrase.Contains("clear ladder", StringComparison.Ordinal)));
        Assert.Equal(flagged, graded.Findings.CriticalMisses.Any(c => c.Flag == "red_flag"));
        Assert.Equal(flagged, graded.Feedback.NeedsWork.Any(n => n.Contains("clear ladder", StringComparison.Ordinal)));
    }

    [Fact]
    public void Read_LineEndingInAnswerId_KeepsTheSentenceAndItsSource()
    {
        var sentences = RedFlagClassifierTrainer.Read(
            new StringReader("stability | I want a clear ladder. @dev-r12-ladder\nnone | Ping me @ noon about it.\nnone | I lead the team.\n"), "rf.txt", ["stability"]);

        Assert.Equal(("I want a clear ladder.", "dev-r12-ladder"), (sentences[0].Text, sentences[0].From));
        Assert.Equal(("Ping me @ noon about it.", (string?)null), (sentences[1].Text, sentences[1].From));
        Assert.Null(sentences[2].From);
    }

    [Fact]
    public void HoldOut_HeldOutAnswer_DropsItsSentencesAndKeepsTheGeneralOnes()
    {
        StanceSentence[] sentences =
        [
            new(1, "stability", "general", null),
            new(2, "stability", "held", "dev-r12-a"),
            new(3, "none", "kept", "dev-r11-b"),
        ];

        var kept = RedFlagClassifierTrainer.HoldOut(sentences, id => id.StartsWith("dev-r12-", StringComparison.Ordinal));

        Assert.Equal(["general", "kept"], kept.Select(s => s.Text));
    }

    [Fact]
    public void Rubric_UnheardBelowSure_SaysSo()
    {
        var text = Regex.Replace(File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml")), @"\n  red_flag_stance_unheard: [\d.]+", string.Empty)
            .Replace("red_flag_stance_doubt:", "red_flag_stance_unheard: 0.1\n  red_flag_stance_doubt:", StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => VoiceCoach.Core.Grading.RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("red_flag_stance_unheard: must not be below red_flag_stance_sure", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_SameTextTwice_EncodesItOnce()
    {
        var inner = new CountingEncoder();
        var encoder = new CachingSentenceEncoder(inner);

        var first = encoder.Encode(["a", "b"], CancellationToken.None);
        var second = encoder.Encode(["b", "a", "c"], CancellationToken.None);

        Assert.Equal(3, inner.Encoded);
        Assert.Same(first[0], second[1]);
    }

    /// <summary>Graded with a classifier that gives every sentence stability at 0.96, sure bar 0.9.</summary>
    private static VoiceCoach.Core.Grading.GradedAnswer GradeWithSureClassifier(double unheard)
    {
        var library = TestLibrary.Library;
        var semantic = TestGrading.Semantic(library);
        var width = RedFlagFeatures.Width(semantic.Encoder.Dimensions);
        var classifier = new RedFlagClassifier(["stability", RedFlagClassifier.None], [new float[width], new float[width]],
            [(float)Math.Log(0.96 / 0.04), 0f], semantic.Encoder.ModelName, new TrainingFacts(0, 0, 0, 0, 0));
        var critical = library.Rubric.Critical with { RedFlagStanceSure = 0.9, RedFlagStanceDoubt = 0.85, RedFlagStanceUnheard = unheard };
        var grader = new RubricGrader(library.Rubric with { Critical = critical }, library.Company("netflix"),
            new SemanticModel(semantic.Encoder, semantic.Classifier, semantic.Questions, classifier));
        return grader.Grade(TestLibrary.Typed(WhyMove, Ladder, 20));
    }

    private sealed class CountingEncoder : VoiceCoach.Core.Grading.ISentenceEncoder
    {
        public int Encoded { get; private set; }

        public int Dimensions => 2;

        public string ModelName => "counting";

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Encoded += texts.Count;
            return texts.Select(_ => new float[] { 1, 0 }).ToList();
        }
    }
}
