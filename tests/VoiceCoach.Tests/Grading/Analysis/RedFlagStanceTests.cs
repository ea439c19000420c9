using System.Text.RegularExpressions;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Red flags heard by meaning (issue 12): a candidate who wants stability or her evenings free says so in her own words,
/// none of the pack's phrases; a story about fixing on-call pain is not that stance.
/// </summary>
public class RedFlagStanceTests
{
    private const string WhyMove = "netflix-recruiter-why-move";
    private const string HighPerformance = "netflix-recruiter-high-performance";
    private const string Uncertainty = "netflix-coach-session-embraced-uncertainty";

    // Stability in everyday words: no "stability", "job security" or "stable company".
    private const string Settle =
        "I've moved around a lot, three companies in five years, and honestly I'm looking for somewhere I can settle for the long term. "
        + "That's what I want for my family now. The computer vision work looks interesting too.";

    // Work-life balance as protecting her evenings: no "work-life balance", "clock out" or "no weekends".
    private const string Evenings =
        "I do well when expectations are clear. I work hard in the day, but my evenings belong to my kids and I protect them, I never open my laptop after dinner.";

    // Round 10: a boundary on her hours said in passing as the lesson of a sound incident story.
    private const string EveningsInPassing =
        "Our feature backfill corrupted a day of training data last spring. I traced it to a timezone bug, fixed the parser and added a row-count check. "
        + "After that week I told my lead I'd stop taking pages on weekends, I protect my evenings now.";

    // Round 10: right about Eyeline, then the role as what members see on their home screen (no "the").
    private const string HomeScreen =
        "They came out of Scanline and do research on de-aging and virtual production. For this role I'd mostly be tuning which titles show up on each member's home screen.";

    // The on-call pain fixed: weekends and pages as the problem she solved, not what she wants.
    private const string OnCallFix =
        "Last year our on-call was paging people every night, about thirty pages a week, and two engineers were close to quitting. "
        + "I offered to own it. I classified every alert, deleted the ones nobody acted on and wrote runbooks for the rest. "
        + "By the end of the quarter we were down to four pages a week and nobody was woken up on weekends. "
        + "It was uncomfortably exciting because I had to delete alerts other teams relied on, so I agreed a rollback plan with each of them first.";

    [Theory]
    [InlineData(WhyMove, Settle, "stability", "settle")]
    [InlineData(HighPerformance, Evenings, "work-life-balance", "evenings")]
    [InlineData("netflix-reported-production-incident", EveningsInPassing, "work-life-balance", "evenings")]
    [InlineData("netflix-recruiter-eyeline-knowledge", HomeScreen, "role-confusion-recommendations", "home screen")]
    public void Grade_HighRedFlagInEverydayWords_CapsAndQuotesTheSentence(string questionId, string text, string flag, string quoted)
    {
        var rubric = TestLibrary.Library.Rubric;

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, 20));

        Assert.Contains("red_flag", graded.Flags);
        var hit = Assert.Single(graded.Findings.RedFlags, r => r.Id == flag);
        Assert.Contains(quoted, hit.Phrase, StringComparison.Ordinal);
        Assert.Contains(graded.Findings.CriticalMisses, c => c.Flag == "red_flag" && c.Confidence >= rubric.Critical.CapConfidence);
    }

    [Fact]
    public void Grade_StoryOfFixingOnCallPain_RaisesNoRedFlag()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Uncertainty, OnCallFix, 40));

        Assert.Empty(graded.Findings.RedFlags);
        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "red_flag");
    }

    [Fact]
    public void Grade_StanceThresholdOff_HearsRedFlagsByTheirPhrasesOnly()
    {
        var library = TestLibrary.Library;
        var rubric = library.Rubric with { Critical = library.Rubric.Critical with { RedFlagStanceSure = 0, RedFlagStanceDoubt = 0 } };
        var grader = new RubricGrader(rubric, library.Company("netflix"), TestGrading.Semantic(library));

        var graded = grader.Grade(TestLibrary.Typed(WhyMove, Settle, 20));

        Assert.DoesNotContain("red_flag", graded.Flags);
        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "red_flag");
    }

    [Fact]
    public void Grade_StanceBelowTheSureThreshold_IsANeedsWorkPointNamingTheSentenceAndWhy()
    {
        // Nothing is sure at 1; the doubt band then says the stance once, as a point to check, and never caps.
        var library = TestLibrary.Library;
        var rubric = library.Rubric with { Critical = library.Rubric.Critical with { RedFlagStanceSure = 1, RedFlagStanceDoubt = 0.5 } };
        var grader = new RubricGrader(rubric, library.Company("netflix"), TestGrading.Semantic(library));

        var graded = grader.Grade(TestLibrary.Typed(WhyMove, Settle, 20));

        Assert.DoesNotContain("red_flag", graded.Flags);
        var miss = Assert.Single(graded.Findings.CriticalMisses, c => c.Flag == "red_flag");
        Assert.True(miss.Confidence < rubric.Critical.CapConfidence, $"{miss.Confidence}");
        Assert.Contains(graded.Feedback.NeedsWork, n => n.Contains("settle for the long term", StringComparison.Ordinal) && n.Contains("stability", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Grade_QuestionSheQuotes_IsNoStance()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-keeper-test",
            "The keeper test is the question my manager asks: if she told me she was leaving, would I fight hard to keep her? I pass it by owning the platform the team can't do without.", 20));

        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "red_flag");
    }

    [Fact]
    public void Read_UnknownFlagId_NamesFileLineAndTheKnownIds()
    {
        var ex = Assert.Throws<PromptFileException>(() =>
            RedFlagClassifierTrainer.Read(new StringReader("none | fine.\nlazy | I want less work.\n"), "rf.txt", ["stability"]));

        Assert.StartsWith("rf.txt:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("stability", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoNoneSentences_SaysToWriteSome()
    {
        var ex = Assert.Throws<PromptFileException>(() =>
            RedFlagClassifierTrainer.Read(new StringReader("# only flags\nstability | I want a safe job.\n"), "rf.txt", ["stability"]));

        Assert.Contains("\"none\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_SameSentencesAndSeed_SameWeightsThatLoadBack()
    {
        var text = "stability | I want a safe job for life.\nstability | I'd like somewhere secure to settle.\nstability | After the layoffs I want security.\n"
            + "none | I rebuilt the pipeline in two weeks.\nnone | I want the hardest problems.\nnone | Retraining went from two days to six hours.\n";
        var sentences = RedFlagClassifierTrainer.Read(new StringReader(text), "rf.txt", ["stability"]);
        var trainer = new RedFlagClassifierTrainer(TestGrading.Encoder);

        var (first, report) = trainer.Train(sentences, 3, CancellationToken.None);
        var (second, _) = trainer.Train(sentences, 3, CancellationToken.None);
        var path = Path.Combine(Path.GetTempPath(), $"rf-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllBytes(path, Save(first));
            var loaded = RedFlagClassifier.Load(path, "rf.json", TestGrading.Encoder);
            var x = Enumerable.Range(0, first.Width).Select(i => (float)Math.Cos(i)).ToArray();

            Assert.Equal(Save(first), Save(second));
            Assert.Equal(["stability", RedFlagClassifier.None], loaded.Classes);
            Assert.All(first.Predict(x).Zip(loaded.Predict(x)), p => Assert.Equal(p.First, p.Second, 4));
            Assert.Equal([3, 3], report.PerClass);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Rubric_StanceDoubtAboveSure_SaysSo()
    {
        var text = Regex.Replace(File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml")), @"red_flag_stance_doubt: [\d.]+", "red_flag_stance_doubt: 0.95");

        var ex = Assert.Throws<PromptFileException>(() => VoiceCoach.Core.Grading.RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("red_flag_stance_doubt: must not be above red_flag_stance_sure", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Save(RedFlagClassifier classifier)
    {
        using var stream = new MemoryStream();
        classifier.Save(stream);
        return stream.ToArray();
    }
}
