namespace VoiceCoach.Core.Grading;

/// <summary>
/// How `voicecoach grading calibrate` trains the calibrated grade (rubric.yaml calibration:): the ridge penalties the
/// inner cross-validation chooses from, the folds and seed, and the batches of the labelled set (the answers in manifest
/// order, by who wrote them) that leave-one-batch-out cross-validation holds out in turn. The weights themselves live
/// in the weights file (prompts/grading/calibration.json), which the training writes.
/// </summary>
public sealed record CalibrationSettings
{
    /// <summary>The ridge penalties (on standardised features) the inner cross-validation chooses from.</summary>
    public IReadOnlyList<double> Penalties { get; init; } = [1, 3, 10, 30, 100];

    /// <summary>
    /// The calibrated grade stays at most this many steps from the rubric's (rubric calibration.max_steps), so the
    /// rubric's findings, which the report shows, still explain it.
    /// </summary>
    public int MaxSteps { get; init; } = 2;

    /// <summary>
    /// Caps whose letter the label rules give outright (rubric calibration.pinned_caps: "C: cut off mid-sentence", seed
    /// 004 Q2): an answer whose strictest cap is one of them keeps the rubric's letter.
    /// </summary>
    public IReadOnlySet<string> PinnedCaps { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Folds of the k-fold cross-validation printed beside leave-one-batch-out.</summary>
    public int Folds { get; init; } = 10;

    /// <summary>Folds of the inner cross-validation that chooses the penalty on each training part.</summary>
    public int InnerFolds { get; init; } = 5;

    /// <summary>Seed of the fold assignment: the same set gives the same folds, the same weights and the same table.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>
    /// The labelled set's batches in manifest order: a name, how many answers and how much each of its answers counts
    /// in the fit; answers past the listed ones form one more batch ("added since", weight 1). Empty: leave-one-batch-out
    /// is not run.
    /// </summary>
    public IReadOnlyList<CalibrationBatch> Batches { get; init; } = [];

    /// <summary>
    /// The random forest averaged with the ridge (rubric calibration.forest): it learns what the linear model cannot,
    /// such as a feature that matters only with another. Trees 0: the ridge alone.
    /// </summary>
    public ForestSettings Forest { get; init; } = new(0, 5, 0.33, 0.5);
}

/// <summary>How the forest grows (rubric.yaml calibration.forest).</summary>
/// <param name="Trees">How many trees (0: no forest, the ridge alone).</param>
/// <param name="MinLeaf">The fewest training rows a leaf may hold.</param>
/// <param name="FeatureShare">The share of the features each split chooses among (0 to 1).</param>
/// <param name="Weight">The forest's share of the calibrated grade; the ridge has the rest.</param>
public sealed record ForestSettings(int Trees, int MinLeaf, double FeatureShare, double Weight);


/// <summary>One batch of the labelled set: <paramref name="Answers"/> answers in manifest order, written by one author.</summary>
/// <param name="Name">How the calibration table names it.</param>
/// <param name="Answers">How many answers, in manifest order.</param>
/// <param name="Weight">
/// How much each of its answers counts in the ridge fit and in the penalty's inner cross-validation (rubric.yaml
/// calibration.batches[].weight; default 1, as much as any other answer). The weights are scaled to average 1 over the
/// answers fitted, so the penalties keep their meaning.
/// </param>
public sealed record CalibrationBatch(string Name, int Answers, double Weight = 1);
