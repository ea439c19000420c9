using VoiceCoach.Grading.Evaluation;

namespace VoiceCoach.Tests.Grading.Evaluation;

public class EvalMetricsTests
{
    private static readonly string[] Scale = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"];

    private static readonly string[] Order = ["no_example", "incomplete", "off_topic"];

    private static EvalCase Case(string id, string expected, string given, string[]? expectedFlags = null, string[]? flags = null, string? miss = null) => new()
    {
        Id = id,
        Kind = "story",
        ExpectedGrade = expected,
        Grade = given,
        ExpectedFlags = expectedFlags,
        Flags = flags ?? [],
        CriticalMiss = miss,
        Note = $"why {id}",
    };

    [Fact]
    public void SpearmanCorrelation_TiedValues_CorrelatesTheAverageRanks()
    {
        // y's two 7s share ranks 3 and 4 (3.5 each): Pearson of [1..5] and [1, 2, 3.5, 5, 3.5] is 8 / sqrt(10 * 9.5).
        var r = EvalMetrics.SpearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);

        Assert.NotNull(r);
        Assert.Equal(8 / Math.Sqrt(95), r.Value, 12);
    }

    [Fact]
    public void SpearmanCorrelation_TiesOnBothSides_MatchesTheTextbookValue()
    {
        // Both sides tied: x ranks [1.5, 1.5, 3, 4], y ranks [1, 2.5, 2.5, 4]: sxy = 3.75, sxx = syy = 4.5, r = 5/6.
        double[] rx = [1.5, 1.5, 3, 4];
        double[] ry = [1, 2.5, 2.5, 4];
        var expected = Pearson(rx, ry);

        var r = EvalMetrics.SpearmanCorrelation([10, 10, 20, 30], [1, 2, 2, 9]);

        Assert.Equal(expected, r!.Value, 12);
        Assert.Equal(5 / 6.0, r.Value, 12);
    }

    [Fact]
    public void SpearmanCorrelation_SameOrderAndReversedOrder_IsPlusAndMinusOne()
    {
        Assert.Equal(1.0, EvalMetrics.SpearmanCorrelation([1, 2, 3, 4], [10, 40, 90, 160])!.Value, 12);
        Assert.Equal(-1.0, EvalMetrics.SpearmanCorrelation([1, 2, 3, 4], [4, 3, 2, 1])!.Value, 12);
    }

    [Fact]
    public void SpearmanCorrelation_OneSideConstant_IsUndefined()
    {
        Assert.Null(EvalMetrics.SpearmanCorrelation([1, 2, 3], [5, 5, 5]));
        Assert.Null(EvalMetrics.SpearmanCorrelation([7], [3]));
    }

    [Fact]
    public void SpearmanCorrelation_ListsOfDifferentLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => EvalMetrics.SpearmanCorrelation([1, 2], [1, 2, 3]));

        Assert.Contains("differ in length (2 and 3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AverageRanks_TiedValues_ShareTheAverageOfTheirRanks()
    {
        Assert.Equal([1, 2.5, 2.5, 4], EvalMetrics.AverageRanks([10, 20, 20, 30]));
        Assert.Equal([4, 2, 2, 2], EvalMetrics.AverageRanks([9, 1, 1, 1]));
    }

    [Fact]
    public void Compute_GradesOneAndTwoStepsApart_CountsWithinOneByScalePosition()
    {
        var m = EvalMetrics.Compute(
            [Case("a", "A-", "B+"), Case("b", "A", "B+"), Case("c", "C", "C"), Case("d", "D", "C-")],
            Scale,
            Order);

        Assert.Equal(1, m.Exact);
        Assert.Equal(2, m.WithinOne);
        Assert.Equal(0.5, m.WithinOneShare);
        Assert.Equal([-1, -2, 0, 2], m.Steps);
        Assert.Equal(5 / 4.0, m.MeanDistance);
    }

    [Fact]
    public void Compute_SomeFlagsOnOneSideOnly_PrecisionAndRecallAreNullOnlyWhereTheirDenominatorIsZero()
    {
        var m = EvalMetrics.Compute(
            [
                Case("a", "D", "D", ["no_example"], ["no_example"]),
                Case("b", "D", "C", ["no_example", "incomplete"], []),
                Case("c", "B", "D", [], ["off_topic", "no_example"]),
            ],
            Scale,
            Order);

        var example = m.Flags.Single(f => f.Flag == "no_example");
        Assert.Equal((1, 1, 1), (example.Both, example.OnlyExpected, example.OnlyGiven));
        Assert.Equal(0.5, example.Precision);
        Assert.Equal(0.5, example.Recall);
        var incomplete = m.Flags.Single(f => f.Flag == "incomplete");
        Assert.Null(incomplete.Precision);
        Assert.Equal(0.0, incomplete.Recall);
        var offTopic = m.Flags.Single(f => f.Flag == "off_topic");
        Assert.Equal(0.0, offTopic.Precision);
        Assert.Null(offTopic.Recall);
    }

    [Fact]
    public void Compute_FlagNotInTheOrder_IsReportedAfterIt()
    {
        var m = EvalMetrics.Compute([Case("a", "B", "B", ["we_heavy"], ["fillers"])], Scale, Order);

        Assert.Equal(["no_example", "incomplete", "off_topic", "fillers", "we_heavy"], m.Flags.Select(f => f.Flag));
    }

    [Fact]
    public void Compute_AnswerWithoutFlagLabels_IsLeftOutOfFlagCountsAndIsNotClean()
    {
        var m = EvalMetrics.Compute(
            [Case("unlabelled", "A", "D", expectedFlags: null, flags: ["off_topic"], miss: "capped at D by off_topic")],
            Scale,
            Order);

        Assert.All(m.Flags, f => Assert.Equal(0, f.Given + f.Expected));
        Assert.Equal(0, m.CleanCount);
        Assert.Empty(m.CleanCriticalMisses);
    }

    [Fact]
    public void Compute_CleanAnswerGivenACriticalMiss_IsListed()
    {
        var m = EvalMetrics.Compute(
            [
                Case("clean-capped", "A", "D", [], ["off_topic"], "capped at D by off_topic"),
                Case("clean-fine", "A", "A", []),
                Case("flagged-capped", "D", "D", ["no_example"], ["no_example"], "capped at D by no_example"),
            ],
            Scale,
            Order);

        Assert.Equal(2, m.CleanCount);
        Assert.Equal(["clean-capped"], m.CleanCriticalMisses.Select(c => c.Id));
    }

    [Fact]
    public void Compute_Grades_FillTheConfusionTableOverTheUsedRangeOfTheScale()
    {
        var m = EvalMetrics.Compute([Case("a", "B", "C"), Case("b", "B", "C"), Case("c", "A-", "A-")], Scale, Order);

        Assert.Equal(["A-", "B+", "B", "B-", "C+", "C"], m.ConfusionGrades);
        Assert.Equal(2, m.Confusion("B", "C"));
        Assert.Equal(1, m.Confusion("a-", "A-"));
        Assert.Equal(0, m.Confusion("C", "B"));
    }

    [Fact]
    public void Worst_SeveralDisagreements_FurthestFirstTiesInSetOrderAgreementsLeftOut()
    {
        var m = EvalMetrics.Compute(
            [Case("one-under", "B", "B-"), Case("same", "B", "B"), Case("four-over", "C", "B+"), Case("four-under", "A", "B-"), Case("one-over", "C", "C+")],
            Scale,
            Order);

        var worst = m.Worst(3);

        Assert.Equal(["four-over", "four-under", "one-under"], worst.Select(w => w.Case.Id));
        Assert.Equal([4, -4, -1], worst.Select(w => w.Steps));
        Assert.Equal(4, m.Worst(10).Count);
    }

    [Fact]
    public void Compute_GradeNotOnTheScale_ThrowsNamingTheAnswer()
    {
        var ex = Assert.Throws<ArgumentException>(() => EvalMetrics.Compute([Case("odd", "A+", "A")], Scale, Order));

        Assert.Contains("odd: 'A+' is not a grade on the scale A, A-", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_NoAnswers_Throws()
    {
        Assert.Throws<ArgumentException>(() => EvalMetrics.Compute([], Scale, Order));
    }

    private static double Pearson(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return sxy / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }
}
