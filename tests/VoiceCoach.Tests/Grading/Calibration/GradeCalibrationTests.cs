using System.Text.Json.Nodes;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Calibration;

public sealed class GradeCalibrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-calibration-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RubricSettings Rubric => TestLibrary.Library.Rubric;

    [Fact]
    public void Grade_CalibrationSaysWorse_MovesTheRubricsGradeDownAtMostMaxStepsAndNamesTheGap()
    {
        var answer = TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 40);
        Assert.Equal("A", TestLibrary.Grader.Grade(answer).Grade);

        var graded = Grader(Constant(20)).Grade(answer);

        Assert.Equal("B+", graded.Grade);
        Assert.Equal("B+", graded.RubricGrade);
        Assert.Equal("A", graded.UncalibratedGrade);
        var rubric = TestLibrary.Grader.Grade(answer).Feedback;
        Assert.Equal(rubric.Worked, graded.Feedback.Worked);

        // The rubric's A has nothing to work on; the calibrated B+ must say what keeps it from an A, never "nothing major".
        Assert.Empty(rubric.NeedsWork);
        Assert.Contains(graded.Feedback.NeedsWork, n => n.StartsWith("What keeps this from an A: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_CalibrationSaysBetterThanTheCapAllows_TheCriticalMissCapHolds()
    {
        var answer = TestLibrary.Typed(Answers.CourageId, Answers.OpinionOnly, 30);

        var up = Grader(Constant(-20)).Grade(answer);
        var down = Grader(Constant(20)).Grade(answer);

        Assert.Contains("no_example", up.Flags);
        Assert.Equal("D", up.Grade);
        // Half a minute with one critical miss lands at the cap (rubric critical.full_answer_floor), whatever the weights say.
        Assert.Equal("D", down.Grade);
    }

    [Fact]
    public void Grade_CalibrationSaysWorseForASentenceWithACriticalMiss_GoesDownToTheCriticalFloor()
    {
        var answer = TestLibrary.Typed(Answers.CourageId, "I think courage matters. I always speak up.", 6);

        var down = Grader(Constant(20)).Grade(answer);

        Assert.Contains("no_example", down.Flags);
        Assert.Equal(TestLibrary.Library.Rubric.CriticalFloor, down.Grade);
    }

    [Fact]
    public void Grade_CutOffAnswer_KeepsTheRubricsLetterThePinnedCapGives()
    {
        var answer = TestLibrary.Typed(Answers.ExcitesId, Answers.CutOff, 25);
        var rubric = TestLibrary.Grader.Grade(answer);
        Assert.Contains("incomplete", rubric.Flags);

        var graded = Grader(Constant(20)).Grade(answer);

        Assert.Equal(rubric.Grade, graded.Grade);
        Assert.Null(graded.UncalibratedGrade);
    }

    [Fact]
    public void Grade_SilentAnswer_KeepsTheNoAnswerGradeAndIsNotCalibrated()
    {
        var answer = TestLibrary.Typed(Answers.JudgmentId, string.Empty, 30);

        var graded = Grader(Constant(-20)).Grade(answer);

        Assert.Equal("F", graded.Grade);
        Assert.Null(graded.UncalibratedGrade);
    }

    [Fact]
    public void SaveThenLoad_SameFeaturesFactsAndPlacements()
    {
        var constant = Constant(4.4);
        var calibration = new GradeCalibration(constant.Features, constant.Grades, constant.Fit with { Weights = constant.Fit.Weights.Select((_, i) => i == 0 ? 1.25 : 0).ToArray() }, constant.Facts);
        var path = Write(calibration);

        var loaded = GradeCalibration.Load(path, "prompts/grading/calibration.json", Rubric);

        Assert.Equal(calibration.Features, loaded.Features);
        Assert.Equal(calibration.Facts, loaded.Facts);
        var features = new double[CalibrationFeatures.Names.Count];
        features[0] = 2;
        Assert.Equal(calibration.Predict(features), loaded.Predict(features), 9);
        Assert.Equal("calibration trained on 183 labelled answers", loaded.Source);
    }

    [Fact]
    public void Predict_WithForest_MixesRidgeAndForestByTheForestsWeight()
    {
        // The ridge says 2 everywhere; the forest's one split says 10 when the first feature is above 0.5, else 4.
        var constant = Constant(2);
        var calibration = new GradeCalibration(constant.Features, constant.Grades, constant.Fit, constant.Facts, SplitForest(), 0.25);
        var features = new double[CalibrationFeatures.Names.Count];

        Assert.Equal((0.75 * 2) + (0.25 * 4), calibration.Predict(features), 9);
        features[0] = 1;
        Assert.Equal((0.75 * 2) + (0.25 * 10), calibration.Predict(features), 9);
    }

    [Fact]
    public void SaveThenLoad_WithForest_SameTreesWeightAndPredictions()
    {
        var constant = Constant(2);
        var calibration = new GradeCalibration(constant.Features, constant.Grades, constant.Fit, constant.Facts, SplitForest(), 0.5);

        var loaded = GradeCalibration.Load(Write(calibration), "w.json", Rubric);

        Assert.Equal(0.5, loaded.ForestWeight);
        var tree = Assert.Single(loaded.Forest!.Trees);
        Assert.Equal([0, -1, -1], tree.Feature);
        Assert.Equal([1, -1, -1], tree.Left);
        Assert.Equal([4, 4, 10], tree.Value);
        var features = new double[CalibrationFeatures.Names.Count];
        features[0] = 0.7;
        Assert.Equal(6, loaded.Predict(features), 9);
    }

    [Fact]
    public void Load_ForestTreePointingBackwards_RefusedNamingTheTree()
    {
        var constant = Constant(2);
        var json = JsonNode.Parse(File.ReadAllText(Write(new GradeCalibration(constant.Features, constant.Grades, constant.Fit, constant.Facts, SplitForest(), 0.5))))!;
        json["forest"]!["trees"]![0]!["right"] = new JsonArray(0, -1, -1);
        var path = Path.Combine(_dir, "loop.json");
        File.WriteAllText(path, json.ToJsonString());

        var ex = Assert.Throws<CalibrationException>(() => GradeCalibration.Load(path, "w.json", Rubric));

        Assert.StartsWith("w.json: forest tree 1 is malformed (", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.5, 1)]
    [InlineData(0.5, 0)]
    public void Load_ForestWithAWeightOutOfRangeOrNoTrees_RefusedNamingTheForest(double weight, int trees)
    {
        // A forest with no trees predicts step 0 (an A) for every answer; it loaded, and its weight pulled grades up.
        var constant = Constant(2);
        var json = JsonNode.Parse(File.ReadAllText(Write(new GradeCalibration(constant.Features, constant.Grades, constant.Fit, constant.Facts, SplitForest(), 0.5))))!;
        json["forest"]!["weight"] = weight;
        if (trees == 0)
        {
            json["forest"]!["trees"] = new JsonArray();
        }

        var path = Path.Combine(_dir, "forest.json");
        File.WriteAllText(path, json.ToJsonString());

        var ex = Assert.Throws<CalibrationException>(() => GradeCalibration.Load(path, "w.json", Rubric));

        Assert.StartsWith("w.json: the forest needs a weight from 0 to 1 and at least one tree (it has weight ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WeightsTrainedOnAnotherFeatureList_RefusedNamingTheFileAndTheFeatures()
    {
        var json = JsonNode.Parse(File.ReadAllText(Write(Constant(0))))!;
        json["features"]![3] = "criterion.bogus";
        var path = Path.Combine(_dir, "other.json");
        File.WriteAllText(path, json.ToJsonString());

        var ex = Assert.Throws<CalibrationException>(() => GradeCalibration.Load(path, "prompts/grading/calibration.json", Rubric));

        Assert.Equal(
            $"prompts/grading/calibration.json: trained with another feature list (lacks {CalibrationFeatures.Names[3]}; has unknown criterion.bogus); this grader computes {CalibrationFeatures.Names.Count} features. Retrain it with `voicecoach grading calibrate`, or delete it for the plain rubric",
            ex.Message);
    }

    [Fact]
    public void Load_OtherGradeScale_RefusedNamingBothScales()
    {
        var json = JsonNode.Parse(File.ReadAllText(Write(Constant(0))))!;
        json["grades"] = new JsonArray("A", "B", "C", "D", "F");
        var path = Path.Combine(_dir, "scale.json");
        File.WriteAllText(path, json.ToJsonString());

        var ex = Assert.Throws<CalibrationException>(() => GradeCalibration.Load(path, "w.json", Rubric));

        Assert.StartsWith("w.json: trained on the grade scale A B C D F, but rubric.yaml's is A A- B+ B B- C+ C C- D+ D D- F", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "w.json: not JSON (")]
    [InlineData("{\"features\": []}", "w.json: trained with another feature list (lacks score")]
    [InlineData("[1, 2]", "w.json: not a calibration weights file (")]
    public void Load_MalformedFile_ClearErrorNamingTheFile(string text, string expected)
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, text);

        var ex = Assert.Throws<CalibrationException>(() => GradeCalibration.Load(path, "w.json", Rubric));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongNumberOfWeights_SaysHowManyItNeeds()
    {
        var json = JsonNode.Parse(File.ReadAllText(Write(Constant(0))))!;
        json["weights"] = new JsonArray(1.0, 2.0);
        var path = Path.Combine(_dir, "short.json");
        File.WriteAllText(path, json.ToJsonString());

        var ex = Assert.Throws<CalibrationException>(() => GradeCalibration.Load(path, "w.json", Rubric));

        Assert.Equal($"w.json: weights must hold {CalibrationFeatures.Names.Count} finite numbers, one per feature (it holds 2); retrain it with `voicecoach grading calibrate`", ex.Message);
    }

    [Fact]
    public void LoadIfPresent_NoWeightsFile_NullForThePlainRubric()
    {
        Assert.Null(GradeCalibration.LoadIfPresent(_dir, "prompts", Rubric));
    }

    /// <summary>A calibration that predicts <paramref name="step"/> for every answer (all weights 0).</summary>
    internal static GradeCalibration Constant(double step)
    {
        var n = CalibrationFeatures.Names.Count;
        var fit = new RidgeFit(new double[n], Enumerable.Repeat(1.0, n).ToArray(), new double[n], step);
        return new GradeCalibration(CalibrationFeatures.Names, Rubric.Grades.Select(g => g.Letter).ToList(), fit, new CalibrationFacts("prompts/eval/dev", 183, 169, 3, 7));
    }

    /// <summary>One tree: feature 0 at or below 0.5 gives 4, above gives 10.</summary>
    private static ForestFit SplitForest() => new([new RegressionTree([0, -1, -1], [0.5, 0, 0], [1, -1, -1], [2, -1, -1], [4, 4, 10])]);

    private static RubricGrader Grader(GradeCalibration calibration) =>
        new(Rubric, TestLibrary.Library.Company("netflix"), TestGrading.Semantic(TestLibrary.Library), calibration);

    private string Write(GradeCalibration calibration)
    {
        var path = Path.Combine(_dir, "calibration.json");
        using (var stream = File.Create(path))
        {
            calibration.Save(stream);
        }

        return path;
    }
}
