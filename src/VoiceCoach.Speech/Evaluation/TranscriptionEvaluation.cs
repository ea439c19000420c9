using System.Runtime.CompilerServices;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Evaluation;

/// <summary>
/// Runs a transcriber over clips with reference transcripts (a TSV such as
/// <c>../shared/speech/transcripts.tsv</c>) and measures word error rate and decode time.
/// </summary>
/// <remarks>
/// The TSV has one clip per line: a path (relative to the TSV's folder, or absolute), a tab, the
/// reference text. An optional header line starting with "file" or "path", blank lines and lines
/// starting with '#' are skipped. Clips are transcribed one after another, so the transcriber
/// needs no thread safety. The transcriber and the loader are the caller's; nothing is disposed here.
/// </remarks>
public sealed class TranscriptionEvaluation
{
    private readonly ITranscriber _transcriber;
    private readonly Func<string, CancellationToken, Task<AudioClip>> _loadClip;
    private readonly TimeProvider _time;
    private readonly EvaluationTerms? _terms;

    /// <summary>Creates an evaluation.</summary>
    /// <param name="transcriber">The engine under test.</param>
    /// <param name="loadClip">Reads an audio file (full path) into a 16 kHz mono clip.</param>
    /// <param name="timeProvider">Measures decode time; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="terms">Key phrases and fillers to measure recall of; null for word error rate only.</param>
    public TranscriptionEvaluation(
        ITranscriber transcriber, Func<string, CancellationToken, Task<AudioClip>> loadClip, TimeProvider? timeProvider = null, EvaluationTerms? terms = null)
    {
        _terms = terms;
        ArgumentNullException.ThrowIfNull(transcriber);
        ArgumentNullException.ThrowIfNull(loadClip);
        _transcriber = transcriber;
        _loadClip = loadClip;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Evaluates every clip of a TSV file and returns the report.</summary>
    /// <exception cref="InvalidDataException">A line of the TSV has no tab.</exception>
    public async Task<EvaluationReport> RunAsync(string tsvPath, CancellationToken cancellationToken)
    {
        var cases = await ReadCasesAsync(tsvPath, cancellationToken);
        var folder = Path.GetDirectoryName(Path.GetFullPath(tsvPath)) ?? ".";
        var clips = new List<ClipEvaluation>();
        await foreach (var clip in EvaluateAsync(cases, folder, cancellationToken))
        {
            clips.Add(clip);
        }

        return new EvaluationReport(_transcriber.EngineName, clips);
    }

    /// <summary>Evaluates clips one by one, yielding each result as soon as it is ready (for progress output).</summary>
    /// <param name="cases">Clips and references.</param>
    /// <param name="baseDirectory">Folder that relative clip paths are resolved against.</param>
    /// <param name="cancellationToken">Stops between and during clips.</param>
    public async IAsyncEnumerable<ClipEvaluation> EvaluateAsync(
        IEnumerable<TranscriptionCase> cases, string baseDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        foreach (var item in cases)
        {
            var path = Path.GetFullPath(Path.Combine(baseDirectory, item.Path));
            var clip = await _loadClip(path, cancellationToken);
            var started = _time.GetTimestamp();
            var transcript = await _transcriber.TranscribeAsync(clip, cancellationToken);
            var elapsed = _time.GetElapsedTime(started);
            var errors = WordErrorRate.Compute(item.Reference, transcript.Text);
            var terms = _terms is null ? null : TermRecall.Measure(_terms, item.Reference, transcript.Text);
            yield return new ClipEvaluation(item, transcript.Text, errors, clip.Duration, elapsed, terms, ConfidenceCalibration.Score(item.Reference, transcript));
        }
    }

    /// <summary>Reads the clips of a transcripts TSV file: clip, reference and an optional voice profile, tab-separated.</summary>
    /// <exception cref="InvalidDataException">A line has no tab; the message names the file and line.</exception>
    public static async Task<IReadOnlyList<TranscriptionCase>> ReadCasesAsync(string tsvPath, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(tsvPath);
        return await ReadCasesAsync(reader, tsvPath, cancellationToken);
    }

    /// <summary>Reads the clips of a transcripts TSV.</summary>
    /// <param name="reader">The TSV text.</param>
    /// <param name="source">Name of the TSV for error messages.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="InvalidDataException">A line has no tab; the message names the source and line.</exception>
    public static async Task<IReadOnlyList<TranscriptionCase>> ReadCasesAsync(
        TextReader reader, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cases = new List<TranscriptionCase>();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                throw new InvalidDataException($"{source}:{number}: expected 'path<TAB>reference', found \"{line}\"");
            }

            var path = line[..tab].Trim();
            if (number == 1 && (path.Equals("file", StringComparison.OrdinalIgnoreCase) || path.Equals("path", StringComparison.OrdinalIgnoreCase)))
            {
                continue; // header
            }

            var rest = line[(tab + 1)..];
            var profileTab = rest.IndexOf('\t', StringComparison.Ordinal);
            cases.Add(profileTab < 0
                ? new TranscriptionCase(path, rest.Trim())
                : new TranscriptionCase(path, rest[..profileTab].Trim(), rest[(profileTab + 1)..].Trim() is { Length: > 0 } p ? p : null));
        }

        return cases;
    }
}
