using System.Globalization;
using System.Text.Json;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Grading.Calibration;

/// <summary>
/// The calibrated grade: a ridge regression (<see cref="RidgeRegression"/>) from an answer's evidence
/// (<see cref="CalibrationFeatures"/>) onto the 12-step grade scale, averaged with a random forest
/// (<see cref="RegressionForest"/>) on the same evidence when the weights file holds one, trained on a coach's labelled answers by
/// `voicecoach grading calibrate`. It only places the grade among what the caps allow (<see cref="GradeRange"/>):
/// critical misses stay the rubric's rules. The weights file (prompts/grading/calibration.json) holds every number.
/// Immutable and thread-safe.
/// </summary>
public sealed class GradeCalibration
{
    /// <summary>The weights file, relative to the prompts folder.</summary>
    public const string FileName = "grading/calibration.json";

    /// <param name="features">The feature names, in vector order.</param>
    /// <param name="grades">The grade scale, best first.</param>
    /// <param name="fit">The ridge.</param>
    /// <param name="facts">What it was trained on.</param>
    /// <param name="forest">The forest averaged with the ridge, or null for the ridge alone.</param>
    /// <param name="forestWeight">The forest's share of the grade (0 to 1); the ridge has the rest.</param>
    public GradeCalibration(IReadOnlyList<string> features, IReadOnlyList<string> grades, RidgeFit fit, CalibrationFacts facts, ForestFit? forest = null, double forestWeight = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(grades);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(facts);
        if (fit.Weights.Length != features.Count || fit.Mean.Length != features.Count || fit.Scale.Length != features.Count)
        {
            throw new ArgumentException($"expected {features.Count} weights, means and scales", nameof(fit));
        }

        Features = features;
        Grades = grades;
        if (forest is not null && (forestWeight is < 0 or > 1 || forest.Trees.Any(t => t.Feature.Any(f => f >= features.Count))))
        {
            throw new ArgumentException($"the forest's weight must be 0 to 1 and its trees split on the {features.Count} features only", nameof(forest));
        }

        Fit = fit;
        Facts = facts;
        Forest = forest;
        ForestWeight = forest is null ? 0 : forestWeight;
    }

    /// <summary>The feature names the weights were trained on, in order.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>The grade scale (best first) the targets were steps on.</summary>
    public IReadOnlyList<string> Grades { get; }

    public RidgeFit Fit { get; }

    /// <summary>The random forest averaged with the ridge; null for the ridge alone.</summary>
    public ForestFit? Forest { get; }

    /// <summary>The forest's share of the grade (0 without a forest).</summary>
    public double ForestWeight { get; }

    /// <summary>What the weights were trained on.</summary>
    public CalibrationFacts Facts { get; }

    /// <summary>The grade's source as the report and session.json name it: "calibration trained on 183 labelled answers".</summary>
    public string Source => string.Create(CultureInfo.InvariantCulture, $"calibration trained on {Facts.LabelledAnswers} labelled answers");

    /// <summary>The model's grade step (0 = the best grade; fractional) for a feature vector.</summary>
    public double Predict(double[] features) => Mix(Fit, Forest, ForestWeight, features);

    /// <summary>The ridge's value, or the ridge and the forest mixed by the forest's <paramref name="weight"/>.</summary>
    internal static double Mix(RidgeFit ridge, ForestFit? forest, double weight, double[] features) =>
        forest is null ? ridge.Predict(features) : ((1 - weight) * ridge.Predict(features)) + (weight * forest.Predict(features));

    /// <summary>The predicted step rounded to a grade and held inside what the caps allow.</summary>
    public int Place(double[] features, GradeRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        return range.Clamp(Predict(features));
    }

    /// <summary>The weights file of a prompts folder (<see cref="FileName"/>) when there is one; null for the plain rubric.</summary>
    /// <param name="promptsDirectory">The prompts folder.</param>
    /// <param name="display">How to name the prompts folder in messages ("prompts").</param>
    /// <param name="rubric">The folder's rubric.yaml.</param>
    /// <exception cref="CalibrationException">The file is there but cannot be used.</exception>
    public static GradeCalibration? LoadIfPresent(string promptsDirectory, string display, RubricSettings rubric)
    {
        var path = Path.Combine(promptsDirectory, FileName);
        return File.Exists(path) ? Load(path, $"{display.TrimEnd('/', '\\')}/{FileName}", rubric) : null;
    }

    /// <summary>Reads the weights file and checks it fits this grader.</summary>
    /// <param name="path">The file.</param>
    /// <param name="display">The file as the user would name it (in every message).</param>
    /// <param name="rubric">rubric.yaml: its grade scale must be the one the weights were trained on.</param>
    /// <exception cref="CalibrationException">Not JSON, malformed, or trained on another feature list or grade scale.</exception>
    public static GradeCalibration Load(string path, string display, RubricSettings rubric)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new CalibrationException(display, $"not JSON ({ex.Message}); retrain it with `voicecoach grading calibrate`, or delete it for the plain rubric", ex);
        }

        using (doc)
        {
            try
            {
                return Read(doc.RootElement, display, rubric);
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new CalibrationException(display, $"not a calibration weights file ({ex.Message}); retrain it with `voicecoach grading calibrate`, or delete it for the plain rubric", ex);
            }
        }
    }

    private static GradeCalibration Read(JsonElement root, string display, RubricSettings rubric)
    {
        var features = Strings(root.GetProperty("features"));
        var expected = CalibrationFeatures.Names;
        if (!features.SequenceEqual(expected, StringComparer.Ordinal))
        {
            var missing = expected.Except(features, StringComparer.Ordinal).ToList();
            var extra = features.Except(expected, StringComparer.Ordinal).ToList();
            var what = missing.Count + extra.Count == 0 ? "the same features in another order"
                : string.Join("; ", new[] { Describe("lacks", missing), Describe("has unknown", extra) }.Where(s => s.Length > 0));
            throw new CalibrationException(display,
                $"trained with another feature list ({what}); this grader computes {expected.Count} features. Retrain it with `voicecoach grading calibrate`, or delete it for the plain rubric");
        }

        var grades = Strings(root.GetProperty("grades"));
        var letters = rubric.Grades.Select(g => g.Letter).ToList();
        if (!grades.SequenceEqual(letters, StringComparer.Ordinal))
        {
            throw new CalibrationException(display,
                $"trained on the grade scale {string.Join(" ", grades)}, but rubric.yaml's is {string.Join(" ", letters)}; retrain it with `voicecoach grading calibrate`");
        }

        var mean = Numbers(root.GetProperty("mean"), features.Count, "mean", display);
        var scale = Numbers(root.GetProperty("scale"), features.Count, "scale", display);
        var weights = Numbers(root.GetProperty("weights"), features.Count, "weights", display);
        var intercept = root.GetProperty("intercept").GetDouble();
        if (!double.IsFinite(intercept) || scale.Any(s => s < 0))
        {
            throw new CalibrationException(display, "intercept must be a finite number and every scale 0 or more; retrain it with `voicecoach grading calibrate`");
        }

        var t = root.GetProperty("training");
        var facts = new CalibrationFacts(t.GetProperty("set").GetString() ?? string.Empty, t.GetProperty("labelled_answers").GetInt32(),
            t.GetProperty("trained_answers").GetInt32(), t.GetProperty("ridge_penalty").GetDouble(), t.GetProperty("seed").GetInt32());
        var (forest, forestWeight) = root.TryGetProperty("forest", out var f) ? ReadForest(f, features.Count, display) : (null, 0);
        return new GradeCalibration(features, grades, new RidgeFit(mean, scale, weights, intercept), facts, forest, forestWeight);
    }

    private static (ForestFit?, double) ReadForest(JsonElement forest, int features, string display)
    {
        var weight = forest.GetProperty("weight").GetDouble();
        var listed = forest.GetProperty("trees");
        if (weight is < 0 or > 1 || listed.GetArrayLength() == 0)
        {
            // An empty forest predicts step 0: its weight would pull every grade toward an A.
            throw new CalibrationException(display, string.Create(CultureInfo.InvariantCulture,
                $"the forest needs a weight from 0 to 1 and at least one tree (it has weight {weight} and {listed.GetArrayLength()} trees); retrain it with `voicecoach grading calibrate`"));
        }

        var trees = new List<RegressionTree>();
        foreach (var t in listed.EnumerateArray())
        {
            int[] Ints(string name) => t.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();
            double[] Doubles(string name) => t.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var tree = new RegressionTree(Ints("feature"), Doubles("threshold"), Ints("left"), Ints("right"), Doubles("value"));
            var nodes = tree.Value.Length;
            var linked = Enumerable.Range(0, nodes).All(k => tree.Feature[k] < 0 || (tree.Left[k] > k && tree.Left[k] < nodes && tree.Right[k] > k && tree.Right[k] < nodes));
            if (nodes == 0 || new[] { tree.Feature.Length, tree.Threshold.Length, tree.Left.Length, tree.Right.Length }.Any(n => n != nodes)
                || tree.Feature.Any(k => k >= features) || !linked)
            {
                throw new CalibrationException(display, string.Create(CultureInfo.InvariantCulture,
                    $"forest tree {trees.Count + 1} is malformed (its arrays must be as long as each other, split on the {features} features and point forward to its children); retrain it with `voicecoach grading calibrate`"));
            }

            trees.Add(tree);
        }

        return (new ForestFit(trees), weight);
    }

    private static string Describe(string what, List<string> names) =>
        names.Count == 0 ? string.Empty : $"{what} {string.Join(", ", names.Take(5))}{(names.Count > 5 ? string.Create(CultureInfo.InvariantCulture, $" and {names.Count - 5} more") : string.Empty)}";

    private static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("expected a string")).ToList();

    private static double[] Numbers(JsonElement array, int count, string name, string display)
    {
        var values = array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        if (values.Length != count || values.Any(v => !double.IsFinite(v)))
        {
            throw new CalibrationException(display,
                string.Create(CultureInfo.InvariantCulture, $"{name} must hold {count} finite numbers, one per feature (it holds {values.Length}); retrain it with `voicecoach grading calibrate`"));
        }

        return values;
    }

    /// <summary>Writes the weights file (invariant culture, round-trip numbers).</summary>
    public void Save(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("about", "VoiceCoach's calibrated grade: ridge regression (averaged with a random forest when one is below) from the rubric's evidence onto the grade scale (steps, 0 = the best grade), placed among what the caps allow. Generated by `voicecoach grading calibrate` from a labelled set; do not edit by hand, retrain. Delete this file for the plain rubric.");
        w.WriteStartObject("training");
        w.WriteString("set", Facts.Set);
        w.WriteNumber("labelled_answers", Facts.LabelledAnswers);
        w.WriteNumber("trained_answers", Facts.TrainedAnswers);
        w.WriteNumber("ridge_penalty", Facts.Penalty);
        w.WriteNumber("seed", Facts.Seed);
        w.WriteEndObject();
        w.WriteStringArray("grades", Grades);
        w.WriteStringArray("features", Features);
        w.WriteNumber("intercept", Round(Fit.Intercept));
        Write(w, "mean", Fit.Mean);
        Write(w, "scale", Fit.Scale);
        Write(w, "weights", Fit.Weights);
        if (Forest is not null)
        {
            w.WriteStartObject("forest");
            w.WriteNumber("weight", ForestWeight);
            w.WriteStartArray("trees");
            foreach (var tree in Forest.Trees)
            {
                // One line per array: a hundred trees of a hundred nodes, one number a line, would be a 900 KB file.
                w.WriteStartObject();
                WriteLine(w, "feature", tree.Feature.Select(f => f.ToString(CultureInfo.InvariantCulture)));
                WriteLine(w, "threshold", tree.Threshold.Select(Text));
                WriteLine(w, "left", tree.Left.Select(f => f.ToString(CultureInfo.InvariantCulture)));
                WriteLine(w, "right", tree.Right.Select(f => f.ToString(CultureInfo.InvariantCulture)));
                WriteLine(w, "value", tree.Value.Select(Text));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(Round(v));
        }

        w.WriteEndArray();
    }

    private static void WriteLine(Utf8JsonWriter w, string name, IEnumerable<string> numbers)
    {
        w.WritePropertyName(name);
        w.WriteRawValue("[" + string.Join(",", numbers) + "]");
    }

    private static string Text(double x) => Round(x).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Eight significant digits keep the file readable and the predictions unchanged well below a grade step.</summary>
    private static double Round(double x) => double.Parse(x.ToString("G8", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

/// <summary>What calibration weights were trained on.</summary>
/// <param name="Set">The labelled set (its folder, as the coach named it).</param>
/// <param name="LabelledAnswers">Answers in the set.</param>
/// <param name="TrainedAnswers">Of those, the ones the model was fitted on (not silent, not pinned to one grade by a cap).</param>
/// <param name="Penalty">The ridge penalty the inner cross-validation chose.</param>
/// <param name="Seed">The fold assignment's seed.</param>
public sealed record CalibrationFacts(string Set, int LabelledAnswers, int TrainedAnswers, double Penalty, int Seed);

/// <summary>
/// The grades an answer's caps allow, as steps on the scale (0 = the best grade): <see cref="Best"/> is the strictest
/// cap's letter (the best grade when none caps), <see cref="Worst"/> the floor under it (the critical floor for a
/// critical miss, the sound floor otherwise). The rubric's own grade always lies inside.
/// </summary>
public sealed record GradeRange(int Best, int Worst)
{
    /// <summary>True when the caps leave one grade only (far too short, no attempt): nothing to calibrate.</summary>
    public bool Pinned => Best == Worst;

    /// <summary>A fractional step rounded to the nearest grade inside the range.</summary>
    public int Clamp(double step) => Math.Clamp((int)Math.Round(step, MidpointRounding.AwayFromZero), Best, Worst);
}
