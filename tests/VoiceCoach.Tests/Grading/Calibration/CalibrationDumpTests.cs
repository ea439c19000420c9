using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Evaluation;

namespace VoiceCoach.Tests.Grading.Calibration;

public sealed class CalibrationDumpTests
{
    private static readonly string[] Batches = ["first dev", "round 13 (blind)"];

    [Fact]
    public void Write_TwoAnswers_HeaderNamesEveryFeatureAndEachRowCarriesStepsRangeAndVector()
    {
        var features = Enumerable.Range(0, CalibrationFeatures.Names.Count).Select(i => i / 4.0).ToArray();
        var samples = new List<CalibrationSample>
        {
            new(new EvalCase { Id = "dev-a", Kind = "story", ExpectedGrade = "B", Grade = "A-" }, 1, features, 3, 1, new GradeRange(0, 3)),
            new(new EvalCase { Id = "dev-silent", Kind = "concept", ExpectedGrade = "F", Grade = "F" }, 0, [], 11, 11, new GradeRange(11, 11)),
        };
        using var writer = new StringWriter();

        CalibrationDump.Write(writer, samples, Batches);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["id", "batch", "kind", "expected", "rubric", "best", "worst", "trainable", .. CalibrationFeatures.Names], lines[0].Split('\t'));
        Assert.Equal(["dev-a", "round 13 (blind)", "story", "3", "1", "0", "3", "1", "0", "0.25", "0.5"], lines[1].Split('\t').Take(11));
        Assert.Equal(8 + CalibrationFeatures.Names.Count, lines[1].Split('\t').Length);
        var silent = lines[2].Split('\t');
        Assert.Equal(["dev-silent", "first dev", "concept", "11", "11", "11", "11", "0"], silent.Take(8));
        Assert.All(silent.Skip(8), cell => Assert.Equal(string.Empty, cell));
    }
}
