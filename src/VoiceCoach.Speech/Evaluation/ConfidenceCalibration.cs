using System.Globalization;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Evaluation;

/// <summary>One heard word with the engine's confidence and whether the reference has it there.</summary>
/// <param name="Confidence">The engine's confidence in [0, 1].</param>
/// <param name="Correct">True when an optimal alignment with the reference matches this word.</param>
public readonly record struct ScoredWord(double Confidence, bool Correct);

/// <summary>
/// Whether word confidences mean what they say: heard words are grouped by confidence and each
/// group's share of correct words is shown next to its mean confidence. Calibrated confidences have
/// the two close; a grader can then treat "confidence 0.9" as "right nine times in ten".
/// </summary>
public static class ConfidenceCalibration
{
    /// <summary>Upper bounds of the confidence bins (the last bin ends at 1 inclusive).</summary>
    public static readonly IReadOnlyList<double> Bins = [0.3, 0.5, 0.7, 0.9, 1.0];

    /// <summary>Marks each heard word (with a confidence) correct or not against the reference.</summary>
    public static IReadOnlyList<ScoredWord> Score(string reference, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var heard = new List<(string Word, double? Confidence)>();
        foreach (var word in transcript.Words)
        {
            heard.AddRange(WordErrorRate.Normalize(word.Text).Select(w => (w, word.Confidence)));
        }

        var correct = Align(WordErrorRate.Normalize(reference), heard.Select(h => h.Word).ToList());
        return heard.Select((h, i) => (h, i)).Where(x => x.h.Confidence is not null)
            .Select(x => new ScoredWord(x.h.Confidence!.Value, correct[x.i])).ToList();
    }

    /// <summary>For each hypothesis word, whether a minimum-edit alignment matches it with an equal reference word.</summary>
    public static bool[] Align(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var cost = WordErrorRate.Costs(reference, hypothesis);
        int n = reference.Count, m = hypothesis.Count;
        var correct = new bool[m];
        for (int i = n, j = m; i > 0 && j > 0;)
        {
            var same = reference[i - 1] == hypothesis[j - 1];
            if (cost[i, j] == cost[i - 1, j - 1] + (same ? 0 : 1))
            {
                correct[j - 1] = same;
                i--;
                j--;
            }
            else if (cost[i, j] == cost[i - 1, j] + 1)
            {
                i--;
            }
            else
            {
                j--;
            }
        }

        return correct;
    }

    /// <summary>Writes the calibration table: per bin, words, mean confidence, share correct.</summary>
    public static void WriteTo(TextWriter writer, IReadOnlyCollection<ScoredWord> words)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count == 0)
        {
            writer.WriteLine("word confidence: the engine gives none");
            return;
        }

        writer.WriteLine("word confidence   words  mean conf  correct");
        var low = 0.0;
        foreach (var high in Bins)
        {
            var bin = words.Where(w => w.Confidence >= low && (w.Confidence < high || (high >= 1.0 && w.Confidence <= 1.0))).ToList();
            var label = string.Create(CultureInfo.InvariantCulture, $"{low:0.0}-{high:0.0}");
            writer.WriteLine(bin.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{label,-16}  {0,5}")
                : string.Create(CultureInfo.InvariantCulture, $"{label,-16}  {bin.Count,5}  {bin.Average(w => w.Confidence),9:0.00}  {bin.Count(w => w.Correct) * 100.0 / bin.Count,6:0.0}%"));
            low = high;
        }
    }
}
