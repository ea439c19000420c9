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
        }

        writer.WriteLine();
        writer.WriteLine(Invariant($"{"folder".PadRight(width)}  words  sub  del  ins     WER"));
        foreach (var (folder, errors) in ByFolder)
        {
            writer.WriteLine(Row(folder, width, errors, null, null));
        }

        writer.WriteLine(Row("overall", width, Overall, AudioDuration, Elapsed));
        writer.WriteLine(Invariant($"real-time factor: {RealTimeFactor:0.000} (decode seconds per audio second)"));
    }

    private static string Row(string name, int width, WordErrors e, TimeSpan? audio, TimeSpan? elapsed)
    {
        var row = Invariant($"{name.PadRight(width)}  {e.ReferenceWords,5}  {e.Substitutions,3}  {e.Deletions,3}  {e.Insertions,3}  {e.Rate * 100,5:0.0}%");
        return audio is null ? row : row + Invariant($"  {audio.Value.TotalSeconds,7:0.00}  {elapsed!.Value.TotalSeconds,8:0.00}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
