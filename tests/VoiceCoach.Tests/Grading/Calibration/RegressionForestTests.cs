using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Calibration;

namespace VoiceCoach.Tests.Grading.Calibration;

public sealed class RegressionForestTests
{
    private static readonly ForestSettings Settings = new(Trees: 30, MinLeaf: 3, FeatureShare: 1, Weight: 0.5);

    [Fact]
    public void Fit_TargetHighOnlyWhenTwoFeaturesAreBothHigh_ForestLearnsWhatTheRidgeCannot()
    {
        // An interaction: 8 when both features are above 0.5, else 0. A linear model splits the difference.
        var (x, y) = Interaction(200, seed: 1);
        var (testX, testY) = Interaction(100, seed: 2);

        var forest = RegressionForest.Fit(x, y, Settings, seed: 7);
        var ridge = RidgeRegression.Fit(x, y, 1);

        var forestError = testX.Select((row, i) => Math.Abs(forest.Predict(row) - testY[i])).Average();
        var ridgeError = testX.Select((row, i) => Math.Abs(ridge.Predict(row) - testY[i])).Average();
        Assert.True(forestError < 0.8, $"forest {forestError:0.00}");
        Assert.True(ridgeError > 2 * forestError, $"ridge {ridgeError:0.00}, forest {forestError:0.00}");
    }

    [Fact]
    public void Fit_SameSeed_SameTrees()
    {
        var (x, y) = Interaction(80, seed: 1);

        var first = RegressionForest.Fit(x, y, Settings with { FeatureShare = 0.5 }, seed: 7);
        var second = RegressionForest.Fit(x, y, Settings with { FeatureShare = 0.5 }, seed: 7);
        var other = RegressionForest.Fit(x, y, Settings with { FeatureShare = 0.5 }, seed: 8);

        Assert.Equal(first.Trees.Select(t => t.Threshold), second.Trees.Select(t => t.Threshold));
        Assert.NotEqual(first.Trees.SelectMany(t => t.Threshold), other.Trees.SelectMany(t => t.Threshold));
    }

    [Fact]
    public void Fit_MinLeafAboveHalfTheRows_EveryTreeIsOneLeafAtItsBootstrapsMean()
    {
        var (x, y) = Interaction(20, seed: 1);

        var forest = RegressionForest.Fit(x, y, Settings with { MinLeaf = 11 }, seed: 7);

        Assert.All(forest.Trees, t => Assert.Equal([-1], t.Feature));
        Assert.InRange(forest.Predict(x[0]), y.Min(), y.Max());
    }

    [Fact]
    public void Fit_LeavesNeverHoldFewerThanMinLeafOfTheTrainingRows()
    {
        var (x, y) = Interaction(60, seed: 3);

        var forest = RegressionForest.Fit(x, y, Settings with { Trees = 1, MinLeaf = 5 }, seed: 7);

        // Every row, bootstrap or not, lands in some leaf; a leaf's region was cut from at least 5 bootstrap rows, so with
        // 60 rows a single tree has at most 12 leaves.
        var tree = Assert.Single(forest.Trees);
        Assert.InRange(tree.Feature.Count(f => f < 0), 2, 12);
    }

    private static (List<double[]> X, List<double> Y) Interaction(int count, int seed)
    {
        var random = new Random(seed);
        var x = new List<double[]>();
        var y = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var row = new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() };
            x.Add(row);
            y.Add(row[0] > 0.5 && row[1] > 0.5 ? 8 : 0);
        }

        return (x, y);
    }
}
