namespace VoiceCoach.Grading.Semantics;

/// <summary>
/// Multinomial logistic regression shared by the sentence classifiers (<see cref="StarClassifier"/>,
/// <see cref="RedFlagClassifier"/>): class scores, softmax, and the deterministic fit by full-batch gradient descent on
/// class-weighted cross-entropy plus L2 (so a rare class counts as much as a common one).
/// </summary>
internal static class SoftmaxRegression
{
    /// <summary>The probability of each class for one feature vector.</summary>
    public static double[] Predict(float[][] weights, float[] bias, ReadOnlySpan<float> features)
    {
        if (features.Length != weights[0].Length)
        {
            throw new ArgumentException($"expected {weights[0].Length} features, got {features.Length}", nameof(features));
        }

        var p = new double[bias.Length];
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = bias[c] + System.Numerics.Tensors.TensorPrimitives.Dot(weights[c], features);
        }

        Softmax(p);
        return p;
    }

    public static void Softmax(double[] z)
    {
        var max = z.Max();
        double sum = 0;
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = Math.Exp(z[i] - max);
            sum += z[i];
        }

        for (var i = 0; i < z.Length; i++)
        {
            z[i] /= sum;
        }
    }

    /// <summary>Fits <paramref name="classes"/> rows of weights to the labelled rows; the same data gives the same weights.</summary>
    public static (float[][] Weights, float[] Bias) Fit(List<(float[] X, int Label)> data, int classes, int iterations, double learningRate, double l2, CancellationToken cancellationToken)
    {
        var k = classes;
        var d = data[0].X.Length;
        var w = new double[k, d];
        var b = new double[k];
        var counts = Enumerable.Range(0, k).Select(c => Math.Max(1, data.Count(r => r.Label == c))).ToArray();
        var classWeight = counts.Select(c => data.Count / (double)(k * c)).ToArray();
        var total = data.Sum(r => classWeight[r.Label]);
        var p = new double[k];
        for (var it = 0; it < iterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var gw = new double[k, d];
            var gb = new double[k];
            foreach (var (x, y) in data)
            {
                for (var c = 0; c < k; c++)
                {
                    double z = b[c];
                    for (var j = 0; j < d; j++)
                    {
                        z += w[c, j] * x[j];
                    }

                    p[c] = z;
                }

                Softmax(p);
                var cw = classWeight[y] / total;
                for (var c = 0; c < k; c++)
                {
                    var g = cw * (p[c] - (c == y ? 1 : 0));
                    gb[c] += g;
                    for (var j = 0; j < d; j++)
                    {
                        gw[c, j] += g * x[j];
                    }
                }
            }

            for (var c = 0; c < k; c++)
            {
                b[c] -= learningRate * gb[c];
                for (var j = 0; j < d; j++)
                {
                    w[c, j] -= learningRate * (gw[c, j] + (l2 * w[c, j]));
                }
            }
        }

        var weights = Enumerable.Range(0, k).Select(c => Enumerable.Range(0, d).Select(j => (float)w[c, j]).ToArray()).ToArray();
        return (weights, b.Select(x => (float)x).ToArray());
    }
}
