using VoiceCoach.Core.Grading;

namespace VoiceCoach.Grading.Calibration;

/// <summary>
/// A random forest of regression trees (least squares): each tree grown on a bootstrap sample of the rows, each split
/// chosen among a random share of the features, no leaf smaller than a minimum; the forest's value is the trees' mean.
/// It catches what a linear model on the same evidence cannot (a feature that matters only when another is high)
/// without tuning: shallow-enough leaves and averaging keep it from memorising a batch. Deterministic: one seeded
/// <see cref="Random"/> draws every bootstrap and feature subset in order.
/// </summary>
public static class RegressionForest
{
    /// <summary>Grows the forest.</summary>
    /// <param name="x">One row per sample, every row the same width.</param>
    /// <param name="y">The target per sample.</param>
    /// <param name="settings">Trees, the smallest leaf and the share of features each split may use.</param>
    /// <param name="seed">The seed of the bootstraps and feature subsets.</param>
    public static ForestFit Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, ForestSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(settings);
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException($"expected as many targets as rows (at least one); got {x.Count} rows and {y.Count} targets", nameof(y));
        }

        var random = new Random(seed);
        var width = x[0].Length;
        var tried = Math.Max(1, (int)(settings.FeatureShare * width));
        var trees = new List<RegressionTree>(settings.Trees);
        for (var t = 0; t < settings.Trees; t++)
        {
            var rows = new int[x.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = random.Next(x.Count);
            }

            var builder = new TreeBuilder(x, y, settings.MinLeaf, tried, width, random);
            builder.Grow(rows);
            trees.Add(builder.Tree());
        }

        return new ForestFit(trees);
    }

    /// <summary>Grows one tree depth first; nodes are numbered in the order they are made (the root is 0).</summary>
    private sealed class TreeBuilder(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int minLeaf, int tried, int width, Random random)
    {
        private readonly List<int> _feature = [];
        private readonly List<double> _threshold = [];
        private readonly List<int> _left = [];
        private readonly List<int> _right = [];
        private readonly List<double> _value = [];

        public RegressionTree Tree() => new([.. _feature], [.. _threshold], [.. _left], [.. _right], [.. _value]);

        /// <summary>Adds the node for <paramref name="rows"/> and its subtree; returns its number.</summary>
        public int Grow(int[] rows)
        {
            var node = _value.Count;
            _feature.Add(-1);
            _threshold.Add(0);
            _left.Add(-1);
            _right.Add(-1);
            _value.Add(rows.Average(r => y[r]));
            if (rows.Length < 2 * minLeaf)
            {
                return node;
            }

            var (feature, threshold) = BestSplit(rows);
            if (feature < 0)
            {
                return node;
            }

            var left = rows.Where(r => x[r][feature] <= threshold).ToArray();
            var right = rows.Where(r => x[r][feature] > threshold).ToArray();
            _feature[node] = feature;
            _threshold[node] = threshold;
            _left[node] = Grow(left);
            _right[node] = Grow(right);
            return node;
        }

        /// <summary>The split of least squared error among a random subset of the features; (-1, 0) when none helps.</summary>
        private (int Feature, double Threshold) BestSplit(int[] rows)
        {
            var total = rows.Sum(r => y[r]);
            var n = rows.Length;
            var bestGain = 1e-12;
            (int, double) best = (-1, 0);
            foreach (var f in Subset())
            {
                var sorted = rows.OrderBy(r => x[r][f]).ThenBy(r => r).ToArray();
                var leftSum = 0.0;
                for (var i = 0; i < n - 1; i++)
                {
                    leftSum += y[sorted[i]];
                    var count = i + 1;
                    var here = x[sorted[i]][f];
                    var next = x[sorted[i + 1]][f];
                    if (count < minLeaf || n - count < minLeaf || next <= here)
                    {
                        continue;
                    }

                    // The sum of squares falls by this much (up to a constant) when the rows split here.
                    var rightSum = total - leftSum;
                    var gain = (leftSum * leftSum / count) + (rightSum * rightSum / (n - count)) - (total * total / n);
                    if (gain > bestGain)
                    {
                        bestGain = gain;
                        best = (f, (here + next) / 2);
                    }
                }
            }

            return best;
        }

        /// <summary><c>tried</c> distinct features drawn without replacement (a partial shuffle).</summary>
        private IEnumerable<int> Subset()
        {
            var all = Enumerable.Range(0, width).ToArray();
            for (var i = 0; i < tried; i++)
            {
                var j = i + random.Next(width - i);
                (all[i], all[j]) = (all[j], all[i]);
            }

            return all.Take(tried);
        }
    }
}

/// <summary>
/// One regression tree as flat arrays: node k splits on <see cref="Feature"/>[k] at <see cref="Threshold"/>[k] (at or
/// below goes <see cref="Left"/>), a leaf has feature -1 and its value in <see cref="Value"/>[k]. Node 0 is the root.
/// </summary>
public sealed record RegressionTree(int[] Feature, double[] Threshold, int[] Left, int[] Right, double[] Value)
{
    /// <summary>The value of the leaf <paramref name="x"/> falls in.</summary>
    public double Predict(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var node = 0;
        while (Feature[node] >= 0)
        {
            node = x[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        }

        return Value[node];
    }
}

/// <summary>A grown forest: its value is the mean of its trees'.</summary>
public sealed record ForestFit(IReadOnlyList<RegressionTree> Trees)
{
    /// <summary>The trees' mean for one feature vector (0 for an empty forest).</summary>
    public double Predict(double[] x) => Trees.Count == 0 ? 0 : Trees.Average(t => t.Predict(x));
}
