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
}
