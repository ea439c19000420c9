using System.Globalization;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Evaluation;

/// <summary>
/// Word error rates of one transcriber over a set of clips: per clip, per folder and overall. Rates
/// of a group are total edits over total reference words (long clips weigh more), not a mean of
/// per-clip rates.
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>Creates a report over evaluated clips.</summary>
    public EvaluationReport(string engine, IReadOnlyList<ClipEvaluation> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        Engine = engine;
        Clips = clips;
        Overall = clips.Aggregate(WordErrors.None, (sum, c) => sum + c.Errors);
        ByFolder = clips
            .GroupBy(c => c.Case.Folder, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, WordErrors>(g.Key, g.Aggregate(WordErrors.None, (sum, c) => sum + c.Errors)))
            .ToList();
        AudioDuration = clips.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.AudioDuration);
        Elapsed = clips.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Elapsed);
    }

    /// <summary>The transcriber's <see cref="ITranscriber.EngineName"/>.</summary>
    public string Engine { get; }

    /// <summary>Clips in TSV order.</summary>
    public IReadOnlyList<ClipEvaluation> Clips { get; }

    /// <summary>All clips together.</summary>
    public WordErrors Overall { get; }

    /// <summary>Per first folder of the clip path, in order of first appearance.</summary>
    public IReadOnlyList<KeyValuePair<string, WordErrors>> ByFolder { get; }

    /// <summary>Total audio transcribed.</summary>
    public TimeSpan AudioDuration { get; }

    /// <summary>Total time spent transcribing.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Transcription time per second of audio (below 1 is faster than real time); 0 for no audio.</summary>
    public double RealTimeFactor => AudioDuration > TimeSpan.Zero ? Elapsed / AudioDuration : 0;

    /// <summary>Writes the report as a plain-text table, culture-invariant.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var width = Math.Max(7, Clips.Select(c => c.Case.Path.Length).DefaultIfEmpty(0).Max());
        writer.WriteLine(Invariant($"engine: {Engine}"));
        writer.WriteLine(Invariant($"{"clip".PadRight(width)}  words  sub  del  ins     WER  audio s  decode s"));
        foreach (var clip in Clips)
        {
            writer.WriteLine(Row(clip.Case.Path, width, clip.Errors, clip.AudioDuration, clip.Elapsed));
            writer.WriteLine(Invariant($"  heard: {clip.Hypothesis}"));
            if (clip.Terms is { } t && (t.KeyPhrasesSpoken > 0 || t.FillersSpoken > 0 || t.FillersHeard > 0 || t.NotSaid.Count > 0))
            {
                var notSaid = t.NotSaid.Count > 0 ? Invariant($", heard but not said: {string.Join(", ", t.NotSaid)}") : string.Empty;
                writer.WriteLine(Invariant($"  key phrases {t.KeyPhrasesHeard}/{t.KeyPhrasesSpoken}, fillers said {t.FillersSpoken} counted {t.FillersHeard}{notSaid}"));
            }
        }

        writer.WriteLine();
        writer.WriteLine(Invariant($"{"folder".PadRight(width)}  words  sub  del  ins     WER"));
        foreach (var (folder, errors) in ByFolder)
        {
            writer.WriteLine(Row(folder, width, errors, null, null));
        }

        writer.WriteLine(Row("overall", width, Overall, AudioDuration, Elapsed));
        writer.WriteLine(Invariant($"real-time factor: {RealTimeFactor:0.000} (decode seconds per audio second)"));
        WriteTerms(writer);
        var words = Clips.SelectMany(c => c.Words ?? []).ToList();
        if (words.Count > 0)
        {
            writer.WriteLine();
            ConfidenceCalibration.WriteTo(writer, words);
        }
    }

    /// <summary>Key phrases and fillers over all clips; null when the evaluation had no <see cref="EvaluationTerms"/>.</summary>
    public TermRecall? Terms => Clips.All(c => c.Terms is null) ? null : Clips.Aggregate(TermRecall.None, (sum, c) => sum + (c.Terms ?? TermRecall.None));

    /// <summary>Clips whose reference has fillers, and of those how many had their filler count within one.</summary>
    public (int WithFillers, int WithinOne) FillerCounts =>
        (Clips.Count(c => c.Terms is { FillersSpoken: > 0 }), Clips.Count(c => c.Terms is { FillersSpoken: > 0 } t && Math.Abs(t.FillerCountError) <= 1));

    private void WriteTerms(TextWriter writer)
    {
        if (Terms is not { } t)
        {
            return;
        }

        writer.WriteLine(Invariant($"key-phrase recall: {Percent(t.KeyPhrasesHeard, t.KeyPhrasesSpoken)} ({t.KeyPhrasesHeard} of {t.KeyPhrasesSpoken} company terms and values heard)"));
        if (t.Missed.Count > 0)
        {
            writer.WriteLine(Invariant($"  missed: {Tally(t.Missed)}"));
        }

        // A phrase heard but never said credits the candidate with something she did not say: the other side of recall.
        writer.WriteLine(Invariant($"key phrases heard but not said: {t.NotSaid.Count} (false alarms, in {Clips.Count(c => c.Terms is { NotSaid.Count: > 0 })} of {Clips.Count} clips)"));
        if (t.NotSaid.Count > 0)
        {
            writer.WriteLine(Invariant($"  not said: {Tally(t.NotSaid)}"));
        }

        writer.WriteLine(Invariant($"filler recall: {Percent(t.FillersMatched, t.FillersSpoken)} ({t.FillersMatched} of {t.FillersSpoken} fillers heard as said; {t.FillersHeard} counted in all)"));
        var (withFillers, withinOne) = FillerCounts;
        writer.WriteLine(Invariant($"filler count within +-1: {withinOne} of {withFillers} answers with fillers"));
    }

    // "a x3, b, c": most frequent first, then alphabetical.
    private static string Tally(IEnumerable<string> phrases) =>
        string.Join(", ", phrases.GroupBy(m => m, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Count() > 1 ? Invariant($"{g.Key} x{g.Count()}") : g.Key));

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : Invariant($"{part * 100.0 / whole:0.0}%");

    private static string Row(string name, int width, WordErrors e, TimeSpan? audio, TimeSpan? elapsed)
    {
        var row = Invariant($"{name.PadRight(width)}  {e.ReferenceWords,5}  {e.Substitutions,3}  {e.Deletions,3}  {e.Insertions,3}  {e.Rate * 100,5:0.0}%");
        return audio is null ? row : row + Invariant($"  {audio.Value.TotalSeconds,7:0.00}  {elapsed!.Value.TotalSeconds,8:0.00}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
