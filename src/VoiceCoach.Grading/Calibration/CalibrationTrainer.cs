using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Evaluation;

namespace VoiceCoach.Grading.Calibration;

/// <summary>
/// One labelled answer as calibration sees it: its evidence, the coach's grade, the rubric's grade and the grades the
/// caps allow (steps, 0 = the best grade), and the rubric's evaluation (for the metrics). Answers whose caps allow one
/// grade only (silence, no attempt, far too short) keep the rubric's grade and are not fitted.
/// </summary>
/// <param name="Case">The rubric's grading beside the coach's label.</param>
/// <param name="Batch">Which batch of the set it belongs to (index into the batch names).</param>
/// <param name="Features">Its <see cref="CalibrationFeatures"/> vector (empty for a silent answer).</param>
/// <param name="Expected">The coach's grade, as a step.</param>
/// <param name="Rubric">The rubric's grade, as a step.</param>
/// <param name="Range">The grades its caps allow.</param>
/// <param name="Weight">How much it counts in the fit (its batch's rubric.yaml calibration.batches[].weight; 1 by default).</param>
public sealed record CalibrationSample(EvalCase Case, int Batch, double[] Features, int Expected, int Rubric, GradeRange Range, double Weight = 1)
{
    /// <summary>True when the model is fitted on it and places its grade.</summary>
    public bool Trainable => !Range.Pinned;

    /// <summary>What the model can reach: the coach's grade held inside what the caps allow.</summary>
    public double Target => Math.Clamp(Expected, Range.Best, Range.Worst);
}

/// <summary>
/// Trains the calibrated grade (<see cref="GradeCalibration"/>) and measures it honestly: the ridge penalty is chosen by
/// inner cross-validation inside each training part, and every figure is on answers the model never saw, either a whole
/// batch held out (leave one batch out: another author's answers) or one of k folds. Deterministic: fold assignment
/// uses a fixed seed and ridge has a closed form.
/// </summary>
public sealed class CalibrationTrainer
{
    private readonly CalibrationSettings _settings;
    private readonly IReadOnlyList<string> _scale;

    /// <param name="settings">rubric.yaml calibration: (penalties, folds, seed).</param>
    /// <param name="scale">The grade letters, best first.</param>
    public CalibrationTrainer(CalibrationSettings settings, IReadOnlyList<string> scale)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(scale);
        _settings = settings;
        _scale = scale;
    }

    /// <summary>The grade letters, best first (steps index them).</summary>
    public IReadOnlyList<string> Scale => _scale;

    /// <summary>
    /// Assigns <paramref name="count"/> items to <paramref name="folds"/> folds: a seeded shuffle dealt round robin, so the
    /// folds differ in size by at most one and the same seed always gives the same folds.
    /// </summary>
    public static int[] Folds(int count, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 1);
        var order = Enumerable.Range(0, count).ToArray();
        var random = new Random(seed);
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var fold = new int[count];
        for (var position = 0; position < count; position++)
        {
            fold[order[position]] = position % folds;
        }

        return fold;
    }

    /// <summary>
    /// The penalty with the least squared error on held-out inner folds (the smaller one on a tie), each answer's error
    /// counted by its <see cref="CalibrationSample.Weight"/>, as in the fit.
    /// </summary>
    public double ChoosePenalty(IReadOnlyList<CalibrationSample> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var usable = training.Where(s => s.Trainable).ToList();
        var folds = Math.Min(_settings.InnerFolds, usable.Count);
        if (folds < 2)
        {
            return _settings.Penalties[0];
        }

        var assignment = Folds(usable.Count, folds, _settings.Seed);
        var best = _settings.Penalties[0];
        var bestError = double.PositiveInfinity;
        foreach (var penalty in _settings.Penalties)
        {
            var error = 0.0;
            for (var k = 0; k < folds; k++)
            {
                var fit = FitOn(usable.Where((_, i) => assignment[i] != k).ToList(), penalty);
                error += usable.Where((_, i) => assignment[i] == k).Sum(s => s.Weight * Square(Math.Clamp(fit.Predict(s.Features), s.Range.Best, s.Range.Worst) - s.Target));
            }

            if (error < bestError - 1e-9)
            {
                bestError = error;
                best = penalty;
            }
        }

        return best;
    }

    /// <summary>Fits the weights on every trainable sample, the penalty chosen by inner cross-validation.</summary>
    public GradeCalibration Train(IReadOnlyList<CalibrationSample> samples, string set)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var usable = samples.Where(s => s.Trainable).ToList();
        if (usable.Count < 2)
        {
            throw new ArgumentException($"{usable.Count} answer(s) to learn from; calibration needs labelled answers with speech that the caps leave room to grade", nameof(samples));
        }

        var penalty = ChoosePenalty(usable);
        var forest = GrowOn(usable);
        return new GradeCalibration(CalibrationFeatures.Names, _scale, FitOn(usable, penalty), new CalibrationFacts(set, samples.Count, usable.Count, penalty, _settings.Seed),
            forest, forest is null ? 0 : _settings.Forest.Weight);
    }

    /// <summary>
    /// Cross-validated grades: each sample predicted by a model trained on the samples of the other parts
    /// (<paramref name="part"/>: the fold or batch of each sample). A pinned sample keeps the rubric's grade.
    /// </summary>
    public IReadOnlyList<HeldOutGrade> CrossValidate(IReadOnlyList<CalibrationSample> samples, IReadOnlyList<int> part)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(part);
        var result = new HeldOutGrade[samples.Count];
        foreach (var p in part.Distinct())
        {
            var training = samples.Where((_, i) => part[i] != p).ToList();
            var usable = training.Where(s => s.Trainable).ToList();
            var ridge = usable.Count >= 2 ? FitOn(usable, ChoosePenalty(training)) : null;
            var forest = ridge is null ? null : GrowOn(usable);
            for (var i = 0; i < samples.Count; i++)
            {
                if (part[i] != p)
                {
                    continue;
                }

                var s = samples[i];
                if (!s.Trainable || ridge is null)
                {
                    result[i] = new HeldOutGrade(s.Rubric, s.Rubric);
                    continue;
                }

                var predicted = GradeCalibration.Mix(ridge, forest, _settings.Forest.Weight, s.Features);
                result[i] = new HeldOutGrade(s.Range.Clamp(predicted), s.Range.Clamp((predicted + s.Rubric) / 2));
            }
        }

        return result;
    }

    /// <summary>
    /// The table `grading calibrate` prints: leave one batch out (each batch, then all) and k-fold (all), each with the
    /// rubric alone, the calibrated grade and the blend on the same answers.
    /// </summary>
    public IReadOnlyList<CalibrationRow> Evaluate(IReadOnlyList<CalibrationSample> samples, IReadOnlyList<string> batchNames)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(batchNames);
        var rows = new List<CalibrationRow>();
        if (batchNames.Count > 1)
        {
            var held = CrossValidate(samples, samples.Select(s => s.Batch).ToList());
            for (var b = 0; b < batchNames.Count; b++)
            {
                var members = Enumerable.Range(0, samples.Count).Where(i => samples[i].Batch == b).ToList();
                if (members.Count > 0)
                {
                    rows.Add(Row(CalibrationRow.LeaveOneBatchOut, batchNames[b], samples, held, members));
                }
            }

            rows.Add(Row(CalibrationRow.LeaveOneBatchOut, CalibrationRow.All, samples, held, Enumerable.Range(0, samples.Count).ToList()));
        }

        var folds = Math.Min(_settings.Folds, samples.Count);
        var kfold = CrossValidate(samples, Folds(samples.Count, folds, _settings.Seed));
        rows.Add(Row($"{folds}-fold", CalibrationRow.All, samples, kfold, Enumerable.Range(0, samples.Count).ToList()));
        return rows;
    }

    private CalibrationRow Row(string scheme, string part, IReadOnlyList<CalibrationSample> samples, IReadOnlyList<HeldOutGrade> held, List<int> members)
    {
        EvalMetrics Metrics(Func<int, int> step) =>
            EvalMetrics.Compute(members.Select(i => samples[i].Case with { Grade = _scale[step(i)] }).ToList(), _scale, []);
        return new CalibrationRow(scheme, part, Metrics(i => samples[i].Rubric), Metrics(i => held[i].Calibrated), Metrics(i => held[i].Blend));
    }

    private static RidgeFit FitOn(IReadOnlyList<CalibrationSample> usable, double penalty) =>
        RidgeRegression.Fit(usable.Select(s => s.Features).ToList(), usable.Select(s => s.Target).ToList(), penalty, usable.Select(s => s.Weight).ToList());

    /// <summary>The forest on the same rows and targets as the ridge; null when rubric.yaml asks for none.</summary>
    private ForestFit? GrowOn(IReadOnlyList<CalibrationSample> usable) =>
        _settings.Forest.Trees == 0 || _settings.Forest.Weight == 0 ? null
            : RegressionForest.Fit(usable.Select(s => s.Features).ToList(), usable.Select(s => s.Target).ToList(), _settings.Forest, _settings.Seed);

    private static double Square(double x) => x * x;
}

/// <summary>A held-out answer's grades (steps): the calibrated grade, and the blend (calibrated and rubric averaged).</summary>
public sealed record HeldOutGrade(int Calibrated, int Blend);

/// <summary>One line of the calibration table: the same held-out answers graded by the rubric, the calibration and the blend.</summary>
/// <param name="Scheme">"leave one batch out" or "10-fold".</param>
/// <param name="Part">A batch's name, or "all".</param>
/// <param name="Rubric">The plain rubric on those answers.</param>
/// <param name="Calibrated">The calibrated grade, each answer predicted by a model that never saw it.</param>
/// <param name="Blend">The calibrated and the rubric's steps averaged.</param>
public sealed record CalibrationRow(string Scheme, string Part, EvalMetrics Rubric, EvalMetrics Calibrated, EvalMetrics Blend)
{
    public const string LeaveOneBatchOut = "leave one batch out";
    public const string All = "all";

    /// <summary>
    /// The calibrated grade beats the rubric alone on these held-out answers: at least as often within one step, at least
    /// the Spearman, no more clean answers with a critical miss, and better on within-one or Spearman.
    /// </summary>
    public bool CalibratedBeatsRubric
    {
        get
        {
            var spearman = (Calibrated.Spearman ?? 0) - (Rubric.Spearman ?? 0);
            var within = Calibrated.WithinOne - Rubric.WithinOne;
            return within >= 0 && spearman >= -1e-9 && Calibrated.CleanCriticalMisses.Count <= Rubric.CleanCriticalMisses.Count && (within > 0 || spearman > 1e-9);
        }
    }

    /// <summary>The row that decides whether the weights are worth using: leave one batch out over all answers, else k-fold.</summary>
    public static CalibrationRow Deciding(IReadOnlyList<CalibrationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.FirstOrDefault(r => r.Scheme == LeaveOneBatchOut && r.Part == All) ?? rows[^1];
    }
}
