using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Evaluation;

namespace VoiceCoach.Tests.Grading.Calibration;

public sealed class CalibrationTrainerTests
{
    private static readonly IReadOnlyList<string> Scale = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"];

    private static readonly CalibrationSettings Settings = new() { Penalties = [0.001, 1, 100, 10000], Folds = 5, InnerFolds = 4, Seed = 7 };

    [Fact]
    public void Folds_SameSeed_SameBalancedAssignmentCoveringEveryItem()
    {
        var first = CalibrationTrainer.Folds(23, 5, 7);
        var second = CalibrationTrainer.Folds(23, 5, 7);

        Assert.Equal(first, second);
        var sizes = first.GroupBy(f => f).Select(g => g.Count()).ToList();
        Assert.Equal(5, sizes.Count);
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
        Assert.All(first, f => Assert.InRange(f, 0, 4));
    }

    [Fact]
    public void Folds_OtherSeed_OtherAssignment()
    {
        Assert.NotEqual(CalibrationTrainer.Folds(40, 5, 7), CalibrationTrainer.Folds(40, 5, 8));
    }

    [Fact]
    public void Train_SyntheticSetWhoseGradeIsOneFeature_PlacesEveryAnswerOnIt()
    {
        // The coach's step is the first feature exactly; five others are noise the model must learn to ignore.
        var samples = Synthetic(60, (x, _) => x);
        var trainer = new CalibrationTrainer(Settings, Scale);

        var calibration = trainer.Train(samples, "synthetic");

        Assert.All(samples, s => Assert.Equal(s.Expected, calibration.Place(s.Features, s.Range)));
        Assert.Equal(60, calibration.Facts.TrainedAnswers);
        Assert.Equal(0.001, calibration.Facts.Penalty);
    }

    [Fact]
    public void Train_ForestInTheSettings_WeightsCarryTheForestAndItsShare()
    {
        var samples = Synthetic(60, (x, _) => x);
        var trainer = new CalibrationTrainer(Settings with { Forest = new ForestSettings(10, 3, 0.5, 0.4) }, Scale);

        var calibration = trainer.Train(samples, "synthetic");

        Assert.Equal(10, calibration.Forest!.Trees.Count);
        Assert.Equal(0.4, calibration.ForestWeight);
        Assert.All(samples, s => Assert.InRange(calibration.Predict(s.Features), s.Expected - 1, s.Expected + 1));
    }

    [Fact]
    public void Train_NoTreesInTheSettings_RidgeAlone()
    {
        var calibration = new CalibrationTrainer(Settings, Scale).Train(Synthetic(60, (x, _) => x), "synthetic");

        Assert.Null(calibration.Forest);
        Assert.Equal(0, calibration.ForestWeight);
    }

    [Fact]
    public void ChoosePenalty_TargetsUnrelatedToTheFeatures_ChoosesTheStrongestShrinkage()
    {
        var samples = Synthetic(60, (_, random) => random.Next(12));
        var trainer = new CalibrationTrainer(Settings, Scale);

        Assert.Equal(10000, trainer.ChoosePenalty(samples));
    }

    [Fact]
    public void CrossValidate_LeaveOneBatchOut_PredictsABatchFromTheOthersOnly()
    {
        // Batch 0 grades by the first feature; batch 1's coach gives C to everything. Held out, batch 1 is predicted from
        // batch 0's rule: a model that had seen batch 1 would pull its answers toward C.
        var samples = Synthetic(40, (x, _) => x).Select((s, i) => i < 20 ? s : s with { Batch = 1, Expected = 6 }).ToList();
        var trainer = new CalibrationTrainer(Settings, Scale);

        var held = trainer.CrossValidate(samples, samples.Select(s => s.Batch).ToList());

        for (var i = 20; i < 40; i++)
        {
            Assert.Equal((int)samples[i].Features[0], held[i].Calibrated);
        }
    }

    [Fact]
    public void CrossValidate_OneTrainingBatchWeighted_HeldOutBatchGradedMoreByItsRule()
    {
        // Batch 0 and the held-out batch 2 grade by the first feature; batch 1's coach gives C to everything. Counted
        // four times (rubric.yaml calibration.batches[].weight), batch 0's rule places batch 2's answers nearer its own.
        var samples = Synthetic(60, (x, _) => x).Select((s, i) => s with { Batch = i / 20, Expected = i is >= 20 and < 40 ? 6 : s.Expected }).ToList();
        var parts = samples.Select(s => s.Batch).ToList();
        var trainer = new CalibrationTrainer(Settings, Scale);
        int Missed(IReadOnlyList<HeldOutGrade> held) => Enumerable.Range(40, 20).Sum(i => Math.Abs(held[i].Calibrated - samples[i].Expected));

        var even = trainer.CrossValidate(samples, parts);
        var weighted = trainer.CrossValidate(samples.Select(s => s.Batch == 0 ? s with { Weight = 4 } : s).ToList(), parts);

        Assert.True(Missed(weighted) < Missed(even), $"{Missed(weighted)} steps off weighted, {Missed(even)} even");
    }

    [Fact]
    public void CrossValidate_PinnedAnswer_KeepsTheRubricsGrade()
    {
        var samples = Synthetic(30, (x, _) => x);
        samples[3] = samples[3] with { Rubric = 11, Range = new GradeRange(11, 11) };
        var trainer = new CalibrationTrainer(Settings, Scale);

        var held = trainer.CrossValidate(samples, CalibrationTrainer.Folds(30, 5, 7));

        Assert.Equal(new HeldOutGrade(11, 11), held[3]);
    }

    [Fact]
    public void Evaluate_ThreeBatches_OneRowPerBatchThenAllThenKFold()
    {
        var samples = Synthetic(45, (x, _) => x).Select((s, i) => s with { Batch = i / 15 }).ToList();
        var trainer = new CalibrationTrainer(Settings, Scale);

        var rows = trainer.Evaluate(samples, ["one", "two", "three"]);

        Assert.Equal(["leave one batch out: one", "leave one batch out: two", "leave one batch out: three", "leave one batch out: all", "5-fold: all"], rows.Select(r => $"{r.Scheme}: {r.Part}"));
        Assert.Equal(45, rows[3].Calibrated.Count);
        Assert.Equal(45, rows[3].Calibrated.Exact);
        Assert.True(CalibrationRow.Deciding(rows).CalibratedBeatsRubric);
    }

    [Fact]
    public void CalibratedBeatsRubric_SameWithinOneLowerSpearman_False()
    {
        var samples = Synthetic(20, (x, _) => x);
        EvalMetrics Metrics(Func<CalibrationSample, int> step) => EvalMetrics.Compute(samples.Select(s => s.Case with { Grade = Scale[step(s)] }).ToList(), Scale, []);
        var exact = Metrics(s => s.Expected);
        var oneOff = Metrics(s => Math.Min(11, s.Expected + (s.Expected % 2)));

        Assert.False(new CalibrationRow("k", "all", exact, oneOff, oneOff).CalibratedBeatsRubric);
        Assert.True(new CalibrationRow("k", "all", oneOff, exact, exact).CalibratedBeatsRubric);
    }

    /// <summary>Answers whose first feature is a grade step (0–11), five more seeded noise, the rest 0; the rubric says B for all.</summary>
    private static List<CalibrationSample> Synthetic(int count, Func<int, Random, int> expected)
    {
        var random = new Random(3);
        var width = CalibrationFeatures.Names.Count;
        var samples = new List<CalibrationSample>();
        for (var i = 0; i < count; i++)
        {
            var x = i % 12;
            var features = new double[width];
            features[0] = x;
            for (var j = 1; j <= 5; j++)
            {
                features[j] = random.NextDouble();
            }

            var step = expected(x, random);
            var evalCase = new EvalCase { Id = $"s{i}", ExpectedGrade = Scale[step], Grade = "B", ExpectedFlags = [] };
            samples.Add(new CalibrationSample(evalCase, 0, features, step, 3, new GradeRange(0, 11)));
        }

        return samples;
    }
}
