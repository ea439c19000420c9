namespace VoiceCoach.Grading.Calibration;

/// <summary>
/// Ridge regression on standardised features: each feature centred and scaled by its training mean and standard
/// deviation, the intercept the mean target (never penalised), the weights solving (ZᵀSZ + λI)w = ZᵀS(y − ȳ), S the
/// samples' weights on the diagonal (all 1 unless given; means, deviations and ȳ weighted the same way). Closed form,
/// so the same data and penalty always give the same weights. A feature constant in the training data gets weight 0.
/// </summary>
public static class RidgeRegression
{
    /// <summary>Fits the model.</summary>
    /// <param name="x">One row per sample, every row the same width.</param>
    /// <param name="y">The target per sample.</param>
    /// <param name="penalty">λ, above 0.</param>
    /// <param name="weights">
    /// How much each sample counts (each above 0), scaled here to average 1 so that λ means the same as without them;
    /// null: every sample counts once.
    /// </param>
    public static RidgeFit Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, double penalty, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException($"expected as many targets as rows (at least one); got {x.Count} rows and {y.Count} targets", nameof(y));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(penalty);
        var n = x.Count;
        var d = x[0].Length;
        var s = Scaled(weights, n);
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var m = 0.0;
            for (var i = 0; i < n; i++)
            {
                m += s[i] * x[i][j];
            }

            m /= n;
            var ss = 0.0;
            for (var i = 0; i < n; i++)
            {
                ss += s[i] * (x[i][j] - m) * (x[i][j] - m);
            }

            mean[j] = m;
            var sd = Math.Sqrt(ss / n);
            scale[j] = sd > 1e-9 ? sd : 0;
        }

        var intercept = y.Select((t, i) => s[i] * t).Sum() / n;
        var a = new double[d, d];
        var b = new double[d];
        for (var i = 0; i < n; i++)
        {
            var z = Standardise(x[i], mean, scale);
            var r = y[i] - intercept;
            for (var j = 0; j < d; j++)
            {
                b[j] += s[i] * z[j] * r;
                for (var k = 0; k < d; k++)
                {
                    a[j, k] += s[i] * z[j] * z[k];
                }
            }
        }

        for (var j = 0; j < d; j++)
        {
            a[j, j] += penalty;
        }

        return new RidgeFit(mean, scale, Solve(a, b), intercept);
    }

    /// <summary>The samples' weights scaled to sum to <paramref name="n"/> (all 1 when none are given).</summary>
    private static double[] Scaled(IReadOnlyList<double>? weights, int n)
    {
        if (weights is null)
        {
            return Enumerable.Repeat(1.0, n).ToArray();
        }

        if (weights.Count != n || weights.Any(w => !(w > 0) || double.IsInfinity(w)))
        {
            throw new ArgumentException($"expected one weight above 0 per row ({n}); got {weights.Count}", nameof(weights));
        }

        var total = weights.Sum();
        return weights.Select(w => w * n / total).ToArray();
    }

    /// <summary>(x − mean) / scale, 0 where the scale is 0 (a constant feature).</summary>
    internal static double[] Standardise(double[] x, double[] mean, double[] scale)
    {
        var z = new double[x.Length];
        for (var j = 0; j < x.Length; j++)
        {
            z[j] = scale[j] > 0 ? (x[j] - mean[j]) / scale[j] : 0;
        }

        return z;
    }

    /// <summary>Gaussian elimination with partial pivoting; the ridge term keeps the matrix positive definite.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var d = b.Length;
        for (var col = 0; col < d; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < d; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (pivot != col)
            {
                for (var k = 0; k < d; k++)
                {
                    (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
                }

                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            for (var r = col + 1; r < d; r++)
            {
                var factor = a[r, col] / a[col, col];
                if (factor == 0)
                {
                    continue;
                }

                for (var k = col; k < d; k++)
                {
                    a[r, k] -= factor * a[col, k];
                }

                b[r] -= factor * b[col];
            }
        }

        var w = new double[d];
        for (var r = d - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var k = r + 1; k < d; k++)
            {
                sum -= a[r, k] * w[k];
            }

            w[r] = sum / a[r, r];
        }

        return w;
    }
}

/// <summary>A fitted ridge model: the training means and scales, the weights on standardised features and the intercept.</summary>
public sealed record RidgeFit(double[] Mean, double[] Scale, double[] Weights, double Intercept)
{
    /// <summary>The model's value for one feature vector.</summary>
    public double Predict(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var z = RidgeRegression.Standardise(x, Mean, Scale);
        var sum = Intercept;
        for (var j = 0; j < z.Length; j++)
        {
            sum += Weights[j] * z[j];
        }

        return sum;
    }
}
