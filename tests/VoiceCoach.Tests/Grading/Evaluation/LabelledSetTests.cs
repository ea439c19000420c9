using System.Text.RegularExpressions;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Evaluation;

/// <summary>
/// The labelled set keeps the promises its README makes: every answer fully labelled, realistic
/// pace, length flags that agree with the coach's targets, both splits covering every kind, a test
/// split big and varied enough to gate on. These check the labels' form, never their judgement.
/// </summary>
public partial class LabelledSetTests
{
    private static readonly string[] Kinds = [QuestionKinds.Story, QuestionKinds.Motivation, QuestionKinds.Concept, QuestionKinds.Logistics, QuestionKinds.Design];

    private static IEnumerable<(string Split, ManifestAnswer Answer)> All() =>
        LabelledSet.Splits.SelectMany(s => LabelledSet.Load(s).Answers.Select(a => (s, a)));

    [Fact]
    public void Splits_EveryAnswer_HasAnIdAGradeFlagsANoteAndATypedTranscript()
    {
        var scale = LabelledSet.Scale;

        Assert.All(All(), x =>
        {
            var (split, a) = x;
            Assert.True(a.Id is not null && a.Id.StartsWith(split + "-", StringComparison.Ordinal), $"line {a.Line}: id '{a.Id}' must start with '{split}-'");
            Assert.Contains(a.ExpectedGrade, scale);
            Assert.True(a.ExpectedFlags is not null, $"{a.Id}: expected_flags missing ([] for a clean answer)");
            Assert.False(string.IsNullOrWhiteSpace(a.Note), $"{a.Id}: no note saying why");
            Assert.True(a.Transcript is not null && a.DurationSeconds is not null, $"{a.Id}: not a typed answer");
        });
    }

    [Fact]
    public void Splits_Ids_AreUniqueAcrossBothSplits()
    {
        var ids = All().Select(x => x.Answer.Id!).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.True(ids.Count >= 80, $"{ids.Count} answers; the set holds at least 80");
    }

    [Fact]
    public void TestSplit_Size_IsAtLeastThirtyWithEveryKindAndGradeBand()
    {
        var test = LabelledSet.Load(LabelledSet.Settings.Gate.Split).Answers;

        Assert.True(test.Count >= 30, $"the test split has {test.Count} answers; it needs at least 30");
        foreach (var kind in Kinds)
        {
            Assert.True(test.Count(a => a.Question.Kind == kind) >= 5, $"the test split has fewer than 5 {kind} answers");
        }

        foreach (var band in new[] { "A", "B", "C", "D", "F" })
        {
            Assert.True(test.Count(a => a.ExpectedGrade![0].ToString() == band) >= 2, $"the test split has fewer than 2 answers in the {band} band");
        }
    }

    [Fact]
    public void Splits_Together_CoverEveryBankRoundAndKindAndBothSplitsEveryKind()
    {
        var answers = All().ToList();
        var questions = TestLibrary.Library.Questions.All;

        Assert.Equal(questions.Select(q => q.Bank).Distinct().Order(), answers.Select(x => x.Answer.Question.Bank).Distinct().Order());
        Assert.Equal(questions.Select(q => q.Round).Distinct().Order(), answers.Select(x => x.Answer.Question.Round).Distinct().Order());
        foreach (var split in LabelledSet.Splits)
        {
            Assert.Equal(Kinds.Order(), answers.Where(x => x.Split == split).Select(x => x.Answer.Question.Kind).Distinct().Order());
        }
    }

    [Fact]
    public void Answers_Pace_Is130To170WordsAMinuteUnlessTheNoteSaysOtherwise()
    {
        Assert.All(All().Where(x => x.Answer.Transcript!.Length > 0), x =>
        {
            var a = x.Answer;
            var wpm = Words(a.Transcript!) / a.DurationSeconds!.Value * 60;
            Assert.True(wpm is >= 130 and <= 170 || a.Note!.Contains("wpm", StringComparison.Ordinal), $"{a.Id}: {wpm:0} words a minute and the note doesn't say why");
        });
    }

    [Fact]
    public void Answers_NoAnswerFlag_IsOnEveryEmptyTranscriptAndAlone()
    {
        Assert.All(All(), x =>
        {
            var a = x.Answer;
            var empty = string.IsNullOrWhiteSpace(a.Transcript);
            Assert.Equal(empty, a.ExpectedFlags!.Contains("no_answer"));
            Assert.True(!empty || a.ExpectedFlags!.Count == 1, $"{a.Id}: no_answer comes alone");
        });
    }

    [Fact]
    public void Answers_LengthFlags_AgreeWithTheRubricTargetsAndStayClearOfTheBoundaries()
    {
        var rubric = TestLibrary.Library.Rubric;

        Assert.All(All().Where(x => x.Answer.Transcript!.Length > 0), x =>
        {
            var a = x.Answer;
            var (min, max) = a.Question.TargetSeconds ?? rubric.TargetFor(a.Question.Kind);
            var d = a.DurationSeconds!.Value;
            double[] bounds = [min * rubric.TooShortRatio, max + rubric.GraceSeconds];
            Assert.True(bounds.All(b => Math.Abs(d - b) >= 2), $"{a.Id}: {d} s is within 2 s of a length boundary ({string.Join(", ", bounds)})");
            Assert.True(d < bounds[0] == a.ExpectedFlags!.Contains("too_short"), $"{a.Id}: {d} s against a {min}-{max} s target; too_short {(d < bounds[0] ? "missing" : "not expected")}");
            Assert.True(d > bounds[1] == a.ExpectedFlags!.Contains("too_long"), $"{a.Id}: {d} s against a {min}-{max} s target; too_long {(d > bounds[1] ? "missing" : "not expected")}");
        });
    }

    [Fact]
    public void Splits_BothHaveCleanAnswersAndEveryFlagIsUsedSomewhere()
    {
        var answers = All().ToList();

        foreach (var split in LabelledSet.Splits)
        {
            var inSplit = answers.Where(x => x.Split == split).ToList();
            Assert.True(inSplit.Count(x => x.Answer.ExpectedFlags!.Count == 0) * 5 >= inSplit.Count, $"{split}: fewer than a fifth of the answers are clean");
        }

        var unused = LabelledSet.Settings.Flags.Where(f => !answers.Any(x => x.Answer.ExpectedFlags!.Contains(f))).ToList();
        Assert.True(unused.Count == 0, $"flags no answer is labelled with: {string.Join(", ", unused)}");
    }

    private static int Words(string text) => WordPattern().Matches(text).Count;

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9'\-/]*")]
    private static partial Regex WordPattern();
}
