using VoiceCoach.Grading.Calibration;

namespace VoiceCoach.Tests.Grading.Calibration;

public sealed class RidgeRegressionTests
{
    [Fact]
    public void Fit_ExactLinearDataAndATinyPenalty_RecoversTheLine()
    {
        // y = 2 + 3 x1 - x2
        double[][] x = [[0, 0], [1, 0], [0, 1], [2, 3], [4, 1], [3, 3]];
        var y = x.Select(r => 2 + (3 * r[0]) - r[1]).ToList();

        var fit = RidgeRegression.Fit(x, y, 1e-9);

        Assert.Equal(2 + (3 * 5) - 2, fit.Predict([5, 2]), 6);
    }

    [Fact]
    public void Fit_ConstantFeature_WeightZeroAndPredictionsUnaffected()
    {
        double[][] x = [[1, 7], [2, 7], [3, 7], [4, 7]];
        double[] y = [1, 2, 3, 4];

        var fit = RidgeRegression.Fit(x, y, 1e-9);

        Assert.Equal(0, fit.Weights[1]);
        Assert.Equal(5, fit.Predict([5, 100]), 6);
    }

    [Fact]
    public void Fit_HugePenalty_PredictsTheMeanTarget()
    {
        double[][] x = [[1], [2], [3], [4]];
        double[] y = [1, 2, 3, 6];

        var fit = RidgeRegression.Fit(x, y, 1e12);

        Assert.Equal(3, fit.Predict([10]), 6);
    }

    [Fact]
    public void Fit_OneGroupWeightedThreeTimes_PredictsNearerThatGroup()
    {
        // Two authors grade the same evidence two steps apart; counted three times, the first author's grading wins 3:1.
        double[][] x = [[0], [1], [0], [1]];
        double[] y = [0, 1, 2, 3];

        var even = RidgeRegression.Fit(x, y, 1e-9);
        var weighted = RidgeRegression.Fit(x, y, 1e-9, [3, 3, 1, 1]);

        Assert.Equal(1, even.Predict([0]), 6);
        Assert.Equal(0.5, weighted.Predict([0]), 6);
        Assert.Equal(1, weighted.Weights[0] / weighted.Scale[0], 6);
    }

    [Fact]
    public void Fit_EqualWeights_TheSameFitAsNone()
    {
        double[][] x = [[1, 0], [2, 5], [3, 1], [4, 4], [0, 2]];
        double[] y = [1, 4, 2, 6, 0];

        var none = RidgeRegression.Fit(x, y, 3);
        var twos = RidgeRegression.Fit(x, y, 3, [2, 2, 2, 2, 2]);

        Assert.Equal(none.Weights, twos.Weights);
        Assert.Equal(none.Intercept, twos.Intercept, 12);
    }

    [Fact]
    public void Fit_ZeroWeight_Refused()
    {
        double[][] x = [[1], [2]];

        Assert.Throws<ArgumentException>(() => RidgeRegression.Fit(x, [1, 2], 1, [1, 0]));
    }
}
