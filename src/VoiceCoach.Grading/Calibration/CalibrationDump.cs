using System.Globalization;

namespace VoiceCoach.Grading.Calibration;

/// <summary>
/// What `grading calibrate --dump FILE.tsv` writes: one tab-separated row per labelled answer with everything the
/// calibration learns from (its batch, question kind, the coach's and the rubric's steps, the range the caps allow,
/// whether it is fitted, and the feature vector under <see cref="CalibrationFeatures.Names"/>), so another model can be
/// tried on the same evidence outside the product. Steps count from 0, the best grade. Invariant culture, round-trip numbers.
/// </summary>
public static class CalibrationDump
{
    /// <summary>The leading columns, before the features.</summary>
    public static readonly IReadOnlyList<string> Columns = ["id", "batch", "kind", "expected", "rubric", "best", "worst", "trainable"];

    /// <summary>Writes the header and one row per sample (a silent answer's feature cells are empty).</summary>
    /// <param name="writer">Where the rows go (the caller owns it).</param>
    /// <param name="samples">The labelled answers as calibration sees them.</param>
    /// <param name="batchNames">The batch names the samples' <see cref="CalibrationSample.Batch"/> index.</param>
    public static void Write(TextWriter writer, IReadOnlyList<CalibrationSample> samples, IReadOnlyList<string> batchNames)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(batchNames);
        writer.Write(string.Join('\t', Columns.Concat(CalibrationFeatures.Names)));
        writer.Write('\n');
        foreach (var s in samples)
        {
            var cells = new List<string>
            {
                Clean(s.Case.Id), Clean(batchNames[s.Batch]), Clean(s.Case.Kind), Number(s.Expected), Number(s.Rubric),
                Number(s.Range.Best), Number(s.Range.Worst), s.Trainable && s.Features.Length > 0 ? "1" : "0",
            };
            cells.AddRange(s.Features.Length == 0
                ? Enumerable.Repeat(string.Empty, CalibrationFeatures.Names.Count)
                : s.Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            writer.Write(string.Join('\t', cells));
            writer.Write('\n');
        }
    }

    private static string Number(int x) => x.ToString(CultureInfo.InvariantCulture);

    /// <summary>A tab or line break inside a name would shift the columns.</summary>
    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
