using System.Globalization;

namespace VoiceCoach.Speech.Adaptation;

/// <summary>The speaker's average cepstral mean over the enrollment, from the per-sentence means <c>bw -cmn batch</c> logs ("CMN: 61.29 1.28 …").</summary>
internal static class CepstralMean
{
    /// <summary>The average of every "CMN:" line's values, or null when the log has none (or they disagree in length).</summary>
    public static IReadOnlyList<double>? FromBaumWelchLog(string log) => Average(File.ReadLines(log));

    /// <summary>The average of every "CMN:" line's values among <paramref name="lines"/>.</summary>
    public static IReadOnlyList<double>? Average(IEnumerable<string> lines)
    {
        double[]? sum = null;
        var count = 0;
        foreach (var line in lines)
        {
            var at = line.IndexOf("CMN:", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var values = line[(at + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN)
                .ToArray();
            if (values.Length == 0 || values.Any(double.IsNaN) || (sum is not null && sum.Length != values.Length))
            {
                return null;
            }

            sum ??= new double[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                sum[i] += values[i];
            }

            count++;
        }

        return sum?.Select(s => s / count).ToList();
    }
}
