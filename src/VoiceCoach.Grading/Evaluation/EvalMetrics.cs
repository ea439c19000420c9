namespace VoiceCoach.Grading.Evaluation;

/// <summary>How often the grader and the coach agreed on one flag, over the answers whose flags are labelled.</summary>
/// <param name="Flag">The flag's name.</param>
/// <param name="Both">Answers the coach and the grader both flagged.</param>
/// <param name="OnlyExpected">Answers the coach flagged and the grader missed.</param>
/// <param name="OnlyGiven">Answers the grader flagged and the coach didn't.</param>
public sealed record FlagAgreement(string Flag, int Both, int OnlyExpected, int OnlyGiven)
{
    /// <summary>Answers the coach flagged.</summary>
    public int Expected => Both + OnlyExpected;

    /// <summary>Answers the grader flagged.</summary>
    public int Given => Both + OnlyGiven;

    /// <summary>Of the answers the grader flagged, the share the coach flagged too; null when the grader flagged none.</summary>
    public double? Precision => Given == 0 ? null : (double)Both / Given;

    /// <summary>Of the answers the coach flagged, the share the grader flagged too; null when the coach flagged none.</summary>
    public double? Recall => Expected == 0 ? null : (double)Both / Expected;
}

/// <summary>An answer whose grade differs from the coach's.</summary>
/// <param name="Case">The answer.</param>
/// <param name="Steps">Grade steps from the coach's grade to the grader's: positive when the grader was more generous.</param>
public sealed record GradeDisagreement(EvalCase Case, int Steps);

/// <summary>
/// How far a grader is from the coach on a labelled set: exact and within-one-step agreement, the
/// mean distance, Spearman's rank correlation, per-flag precision and recall, clean answers given a
/// critical miss, a confusion table and the worst disagreements. Pure computation; immutable.
/// </summary>
/// <remarks>
/// Grades are compared by their position on the scale (best first): "within one step" means at most
/// one position apart, so A- and B+ are within one step and A and B+ are not.
/// </remarks>
public sealed class EvalMetrics
{
    private readonly Dictionary<(int Expected, int Given), int> _confusion;

    private EvalMetrics(IReadOnlyList<string> scale, IReadOnlyList<EvalCase> cases, IReadOnlyList<int> steps, IReadOnlyList<FlagAgreement> flags, Dictionary<(int Expected, int Given), int> confusion, double? spearman)
    {
        Scale = scale;
        Cases = cases;
        Steps = steps;
        Flags = flags;
        _confusion = confusion;
        Spearman = spearman;
        Exact = steps.Count(s => s == 0);
        WithinOne = steps.Count(s => Math.Abs(s) <= 1);
        MeanDistance = steps.Average(s => Math.Abs(s));
        CleanCriticalMisses = cases.Where(c => c.Clean && c.CriticalMiss is not null).ToList();
        var used = confusion.Keys.SelectMany(k => new[] { k.Expected, k.Given }).ToList();
        ConfusionGrades = scale.Skip(used.Min()).Take(used.Max() - used.Min() + 1).ToList();
    }

    /// <summary>The grade letters, best first.</summary>
    public IReadOnlyList<string> Scale { get; }

    /// <summary>The answers, in set order.</summary>
    public IReadOnlyList<EvalCase> Cases { get; }

    /// <summary>Per answer (in set order), steps from the coach's grade to the grader's: positive when the grader was more generous.</summary>
    public IReadOnlyList<int> Steps { get; }

    public int Count => Cases.Count;

    /// <summary>Answers given exactly the coach's grade.</summary>
    public int Exact { get; }

    /// <summary>Answers at most one grade step from the coach's grade.</summary>
    public int WithinOne { get; }

    public double ExactShare => (double)Exact / Count;

    public double WithinOneShare => (double)WithinOne / Count;

    /// <summary>Mean absolute distance from the coach's grade, in steps.</summary>
    public double MeanDistance { get; }

    /// <summary>Spearman's rank correlation between the coach's grades and the grader's; null when either side is a single grade throughout.</summary>
    public double? Spearman { get; }

    /// <summary>Per flag: the given flag order first, then any other flag either side used, by name.</summary>
    public IReadOnlyList<FlagAgreement> Flags { get; }

    /// <summary>Answers labelled clean that the grader gave a critical miss.</summary>
    public IReadOnlyList<EvalCase> CleanCriticalMisses { get; }

    /// <summary>Answers labelled clean.</summary>
    public int CleanCount => Cases.Count(c => c.Clean);

    /// <summary>The rows and columns of the confusion table: the scale from the best grade either side used to the worst.</summary>
    public IReadOnlyList<string> ConfusionGrades { get; }

    /// <summary>Computes the metrics.</summary>
    /// <param name="cases">The graded answers; at least one.</param>
    /// <param name="scale">The grade letters, best first (rubric.yaml's grades).</param>
    /// <param name="flagOrder">The order in which to report flags (eval.yaml's list); flags outside it are reported after it.</param>
    /// <exception cref="ArgumentException">No answers, or a grade that is not on the scale.</exception>
    public static EvalMetrics Compute(IReadOnlyList<EvalCase> cases, IReadOnlyList<string> scale, IReadOnlyList<string> flagOrder)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(flagOrder);
        if (cases.Count == 0)
        {
            throw new ArgumentException("no answers to measure", nameof(cases));
        }

        var expected = cases.Select(c => RankOf(scale, c.ExpectedGrade, c.Id)).ToList();
        var given = cases.Select(c => RankOf(scale, c.Grade, c.Id)).ToList();
        var steps = expected.Zip(given, (e, g) => e - g).ToList();
        var confusion = new Dictionary<(int Expected, int Given), int>();
        for (var i = 0; i < cases.Count; i++)
        {
            confusion[(expected[i], given[i])] = confusion.GetValueOrDefault((expected[i], given[i])) + 1;
        }

        var spearman = SpearmanCorrelation(expected.Select(r => (double)r).ToList(), given.Select(r => (double)r).ToList());
        return new EvalMetrics(scale, cases, steps, FlagAgreements(cases, flagOrder), confusion, spearman);
    }

    /// <summary>How many answers the coach graded <paramref name="expected"/> and the grader <paramref name="given"/>.</summary>
    public int Confusion(string expected, string given) =>
        _confusion.GetValueOrDefault((RankOf(Scale, expected, expected), RankOf(Scale, given, given)));

    /// <summary>The answers whose grade is furthest from the coach's, furthest first (ties in set order); agreeing answers are left out.</summary>
    public IReadOnlyList<GradeDisagreement> Worst(int count) =>
        Cases.Select((c, i) => new GradeDisagreement(c, Steps[i]))
            .Where(d => d.Steps != 0)
            .OrderByDescending(d => Math.Abs(d.Steps))
            .Take(Math.Max(0, count))
            .ToList();

    /// <summary>
    /// Spearman's rank correlation: Pearson's correlation of the two lists' ranks, tied values sharing
    /// the average of the ranks they span. Null when there are fewer than two values or either list is
    /// constant (the correlation is undefined).
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static double? SpearmanCorrelation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"the lists differ in length ({x.Count} and {y.Count})", nameof(y));
        }

        if (x.Count < 2)
        {
            return null;
        }

        var rx = AverageRanks(x);
        var ry = AverageRanks(y);
        var mx = rx.Average();
        var my = ry.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }

        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>1-based ranks in ascending order; tied values get the average of the ranks they span ([10, 20, 20, 30] → [1, 2.5, 2.5, 4]).</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]].Equals(values[order[start]]))
            {
                end++;
            }

            var average = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = average;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static List<FlagAgreement> FlagAgreements(IReadOnlyList<EvalCase> cases, IReadOnlyList<string> flagOrder)
    {
        var labelled = cases.Where(c => c.ExpectedFlags is not null).ToList();
        var others = labelled.SelectMany(c => c.ExpectedFlags!.Concat(c.Flags))
            .Where(f => !flagOrder.Contains(f, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return flagOrder.Concat(others).Select(flag =>
        {
            int both = 0, onlyExpected = 0, onlyGiven = 0;
            foreach (var c in labelled)
            {
                var e = c.ExpectedFlags!.Contains(flag, StringComparer.Ordinal);
                var g = c.Flags.Contains(flag, StringComparer.Ordinal);
                both += e && g ? 1 : 0;
                onlyExpected += e && !g ? 1 : 0;
                onlyGiven += g && !e ? 1 : 0;
            }

            return new FlagAgreement(flag, both, onlyExpected, onlyGiven);
        }).ToList();
    }

    private static int RankOf(IReadOnlyList<string> scale, string letter, string where)
    {
        for (var i = 0; i < scale.Count; i++)
        {
            if (string.Equals(scale[i], letter.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"{where}: '{letter}' is not a grade on the scale {string.Join(", ", scale)}", nameof(letter));
    }
}
