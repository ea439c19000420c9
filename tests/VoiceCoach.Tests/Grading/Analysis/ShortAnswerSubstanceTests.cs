using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// A sentence or two that still says something is the label rules' "C: a thin or too-short answer with some substance";
/// a sentence with nothing to judge, a wrong one or a fragment of a design stays at the far-too-short D+.
/// </summary>
public class ShortAnswerSubstanceTests
{
    private const string QuarterId = "netflix-reported-quarter-planning";
    private const string TimelineId = "netflix-recruiter-prep-timeline";
    private const string PipelineId = "netflix-question-bank-realtime-feature-pipeline";

    [Fact]
    public void Grade_FarTooShortConceptAnswerWithAReasonedSplit_IsCNotDPlus()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(QuarterId, "Both: I would quantify the debt, fund the debt items that unblock the features first and split the quarter, maybe seventy thirty.", 6));

        var f = graded.Findings;
        Assert.True(graded.Grade == "C", $"{graded.Grade} rel={f.RelevanceSimilarity} n={f.Numbers.Count} len={f.LengthSeconds} flags={string.Join(',', graded.Flags)} rf={f.RedFlags.Count} wc={f.WrongClaims.Count} cap={graded.CappedBy} {f.LengthVerdict}");
        Assert.Contains("too_short", graded.Flags);
    }

    [Fact]
    public void Grade_FarTooShortAnswerWithSubstanceWithoutTheRubricCap_StaysDPlus()
    {
        var rubric = TestLibrary.Library.Rubric;
        var caps = rubric.Caps.Where(c => c.Key != AnswerFlags.FarTooShortSubstanceCap).ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
        var grader = TestLibrary.GraderWith(rubric with { Caps = caps });

        var graded = grader.Grade(TestLibrary.Typed(QuarterId, "Both: I would quantify the debt, fund the debt items that unblock the features first and split the quarter, maybe seventy thirty.", 6));

        Assert.Equal("D+", graded.Grade);
    }

    /// <summary>
    /// Round 10: one-liners that say the idea itself with no "because", "then" or number (substance.min_points_covered):
    /// a sentence close to a talking point. A design said in one breath in 8 s (21 words) is a sentence, not a fragment
    /// (substance.min_share_of_minimum).
    /// </summary>
    [Theory]
    [InlineData("netflix-recruiter-eyeline-knowledge", "Eyeline is the studio's AI research group. They build computer vision and graphics tools for content creators.", 8)]
    [InlineData("netflix-question-bank-merge-k-sorted-lists", "A heap holding the head of each list: pop the best, push the next one from that list, skip IDs already emitted. N log K.", 8)]
    public void Grade_FarTooShortAnswerThatSaysTheIdeaWithoutAMarker_IsCAndDPlusWithoutTheRule(string questionId, string text, double seconds)
    {
        var library = TestLibrary.Library;
        var markersOnly = TestLibrary.GraderWith(library.Rubric with { Substance = library.Rubric.Substance with { MinPointsCovered = 0 } });

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, seconds));
        var without = markersOnly.Grade(TestLibrary.Typed(questionId, text, seconds));

        Assert.True(graded.Grade == "C", $"{graded.Grade} covered={graded.Findings.TalkingPointsCovered} sim={graded.Findings.RelevanceSimilarity} cap={graded.CappedBy}");
        Assert.Equal("D+", without.Grade);
    }

    [Theory]
    [InlineData(TimelineId, "I'm going to prepare a lot for it, I think.", 5)] // nothing to judge
    [InlineData(QuarterId, "Honestly the debt can wait, I'd ship all three first, maybe in ten weeks.", 6)] // a wrong claim
    [InlineData(TimelineId, "Six weeks, coding first.", 2)] // a tenth of a 20 s minimum, too short to be a sentence, but not the D- of an empty fragment: it holds a number and a step
    public void Grade_FarTooShortAnswerWithoutSubstance_StaysDPlus(string questionId, string text, double seconds)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, seconds));

        Assert.Equal("D+", graded.Grade);
    }

    [Fact]
    public void Grade_DesignAnswerThatListsTools_LosesTheToolListPointsAndIsToldWhereToStart()
    {
        const string Tools = "For the pipeline I'd use Kafka for the events, Flink for the processing and Redis as the online store, with Feast on top. "
            + "Airflow for the backfills, Spark for the batch side, Prometheus and Grafana for monitoring. "
            + "Docker and Kubernetes to deploy it all, and MLflow for the models. That covers the whole stack end to end.";
        var library = TestLibrary.Library;
        var noList = library.Rubric with { Substance = library.Rubric.Substance with { ToolListMinTools = 0 } };
        var plain = TestLibrary.GraderWith(noList);

        var graded = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(PipelineId, Tools, 70)).Graded;
        var without = plain.GradeByRubric(TestLibrary.Typed(PipelineId, Tools, 70)).Graded;

        Assert.True(graded.Findings.ToolsNamed.Count >= library.Rubric.Substance.ToolListMinTools, string.Join(",", graded.Findings.ToolsNamed));
        Assert.Equal(library.Rubric.PenaltyFor("design", RubricGrader.ToolListGap), without.Score - graded.Score, 1);
        Assert.True(graded.Feedback.NeedsWork.Any(n => n.StartsWith("You named tools (kafka, spark, flink, airflow…) but not the design: start from \"Event ingestion", StringComparison.Ordinal)), string.Join(" / ", graded.Feedback.NeedsWork));
        Assert.DoesNotContain(without.Feedback.NeedsWork, n => n.StartsWith("You named tools", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_DesignThatNamesAFewToolsWithItsReasons_IsNoToolList()
    {
        const string Design = "Watch events go to Kafka because several consumers need them, keyed by member so one member's events stay in order. "
            + "A stream job updates the profile within a second and writes it to the online store that the ranker reads at request time. "
            + "Updates are idempotent, so a replayed event after a failure changes nothing, and the same feature code runs for training, "
            + "which keeps online and offline features from drifting apart. Late events within an hour are merged; older ones go to the nightly backfill.";

        var graded = TestLibrary.Grader.GradeByRubric(TestLibrary.Typed(PipelineId, Design, 75)).Graded;

        Assert.DoesNotContain(graded.Feedback.NeedsWork, n => n.StartsWith("You named tools", StringComparison.Ordinal));
        Assert.True(graded.Findings.ToolsNamed.Count < TestLibrary.Library.Rubric.Substance.ToolListMinTools);
    }

    private const string ProcessId = "netflix-recruiter-process-expectations";
    private const string EyelineId = "netflix-recruiter-eyeline-knowledge";

    // Written for these tests: true and fluent, and nothing in them that only this candidate could say.
    private const string GenericProcess = "I think it will be hard. There will be a few interviews, some technical and some about culture, and I'm going to get ready for them as well as I can.";
    private const string GenericEyeline = "Eyeline does research for Netflix and Media Algorithms builds algorithms for the media side. They work together on new technology, and from what I can tell it's a growing area where a lot is happening, which makes it an interesting place for an engineer like me.";

    private static RubricSettings WithoutGeneric()
    {
        var rubric = TestLibrary.Library.Rubric;
        return rubric with { Substance = rubric.Substance with { GenericKinds = new HashSet<string>() } };
    }

    [Theory]
    [InlineData(ProcessId, GenericProcess, 15)]
    [InlineData(EyelineId, GenericEyeline, 25)]
    public void Grade_ThinAnswerWithNothingSpecific_LosesTheGenericPointsAndIsToldWhatToAdd(string questionId, string text, double seconds)
    {
        var rubric = TestLibrary.Library.Rubric;
        var kind = TestLibrary.Question(questionId).Kind;

        var (shipped, without) = TestLibrary.GradeWithAndWithout(WithoutGeneric(), questionId, text, seconds);

        Assert.Equal(rubric.PenaltyFor(kind, RubricGrader.GenericGap), without.Score - shipped.Score, 1);
        Assert.Contains(shipped.Feedback.NeedsWork, line => line.StartsWith("Generic:", StringComparison.Ordinal));
        Assert.DoesNotContain(without.Feedback.NeedsWork, line => line.StartsWith("Generic:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ProcessId, "I expect it to be hard: two coding rounds, an ML system design round, and culture interviews that weigh about half the decision, so I've written a story for each value.", 15)] // numbers
    [InlineData(EyelineId, "Eyeline does research for Netflix and Media Algorithms builds algorithms for the media side. They work together on new technology, and from the job posting it's a lot of PyTorch and Kubernetes, which makes it an interesting place for an engineer like me.", 25)] // tools
    [InlineData(EyelineId, "Eyeline does research for Netflix and Media Algorithms builds algorithms for the media side. They work together on new technology for artists, and from what I can tell it's a growing area where a lot is happening, which makes it an interesting place for an engineer like me.", 25)] // a term of the role the question does not say
    [InlineData(EyelineId, GenericEyeline, 36)] // not thin: over the 30 s minimum
    public void Grade_ShortAnswerWithSomethingSpecificOrOnTarget_IsNotGeneric(string questionId, string text, double seconds)
    {
        var (shipped, without) = TestLibrary.GradeWithAndWithout(WithoutGeneric(), questionId, text, seconds);

        Assert.Equal(without.Score, shipped.Score);
        Assert.DoesNotContain(shipped.Feedback.NeedsWork, line => line.StartsWith("Generic:", StringComparison.Ordinal));
    }
}
