using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Analysis;
using VoiceCoach.Speech.Evaluation;

namespace VoiceCoach.Cli.Commands;

/// <summary>`voicecoach transcribe FILE [--json] [--engine E] [--model M]`.</summary>
internal static class TranscribeCommand
{
    public static Command Create(CliServices services)
    {
        var file = new Argument<string?>("file") { Description = "An audio file (WAV; FLAC, MP3, OGG, M4A through ffmpeg or sox).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON with segments and per-word times." };
        var eval = new Option<string?>("--eval") { Description = "Measure word error rate, key-phrase recall (company terms and values from prompts/), filler recall and word-confidence calibration over a TSV of clip<TAB>reference (paths relative to the TSV), e.g. tests/domain-speech/transcripts.tsv." };
        var engine = new EngineOptions();
        var command = new Command("transcribe", "Transcribe an audio file with word timings, or measure WER with --eval.") { file, json, eval };
        engine.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(eval) is { } tsv)
            {
                var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
                return await EvaluateAsync(services, Path.GetFullPath(tsv, services.WorkingDirectory), engine.Read(parse), Terms(library), ct);
            }

            var given = parse.GetValue(file) ?? throw new CliUserException("transcribe: give an audio FILE, or --eval TSV");
            var path = Path.GetFullPath(given, services.WorkingDirectory);
            var clip = await services.LoadAudioAsync(path, ct);
            var transcriber = services.CreateTranscriber(engine.Read(parse));
            try
            {
                var transcript = await transcriber.TranscribeAsync(clip, ct);
                if (parse.GetValue(json))
                {
                    services.Out.WriteLine(ToJson(transcript, clip.Duration, clip.Note));
                }
                else
                {
                    services.Out.WriteLine(transcript.Text);
                    services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]{transcript.Words.Count} words, {clip.Duration.TotalSeconds:0.0} s, {Markup.Escape(transcript.Engine)}[/]"));
                    if (clip.Note is { } note)
                    {
                        CliApp.NoteLine(services.Console, note);
                    }
                }
            }
            finally
            {
                (transcriber as IDisposable)?.Dispose();
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// What `--eval` measures recall of: the company packs' names, key phrases (every form), principle and value
    /// names and role terms; fillers counted by the grader itself (the rubric's lists and its rule for "like").
    /// </summary>
    private static EvaluationTerms Terms(PromptLibrary library)
    {
        var phrases = library.Companies
            .SelectMany(c => c.SpokenTerms)
            .DistinctBy(p => string.Join(' ', WordText.Words(p.Pattern)), StringComparer.Ordinal)
            .ToList();
        var duration = TimeSpan.FromSeconds(30); // fillers depend on the words, not their times
        return new EvaluationTerms(phrases, text => FillerCount.In(library.Rubric, TranscriptTiming.Estimate(text, duration)));
    }

    private static async Task<int> EvaluateAsync(CliServices services, string tsv, EngineRequest engine, EvaluationTerms terms, CancellationToken ct)
    {
        if (!File.Exists(tsv))
        {
            throw new CliUserException($"{tsv}: TSV not found; expected lines of clip<TAB>reference text[<TAB>voice profile folder]");
        }

        var cases = await TranscriptionEvaluation.ReadCasesAsync(tsv, ct);
        var folder = Path.GetDirectoryName(tsv) ?? services.WorkingDirectory;
        var clips = new List<ClipEvaluation>();
        var engines = new List<string>();

        // One engine per speaker: a clip's voice profile (third column) unless --voice-profile says otherwise.
        foreach (var group in cases.GroupBy(c => engine.VoiceProfile is null && c.VoiceProfile is { } p ? Path.GetFullPath(p, folder) : engine.VoiceProfile))
        {
            var transcriber = services.CreateTranscriber(engine with { VoiceProfile = group.Key });
            try
            {
                engines.Add(transcriber.EngineName);
                var evaluation = new TranscriptionEvaluation(transcriber, services.LoadAudioAsync, services.Time, terms);
                await foreach (var clip in evaluation.EvaluateAsync(group, folder, ct))
                {
                    clips.Add(clip);
                }
            }
            finally
            {
                (transcriber as IDisposable)?.Dispose();
            }
        }

        var order = cases.Select((c, i) => (c, i)).ToDictionary(x => (object)x.c, x => x.i, ReferenceEqualityComparer.Instance);
        new EvaluationReport(string.Join("; ", engines), [.. clips.OrderBy(c => order[c.Case])]).WriteTo(services.Out);
        return ExitCodes.Success;
    }

    /// <summary>The transcript as JSON: engine, duration, text, segments with words (seconds).</summary>
    /// <summary>The transcript as JSON; <paramref name="note"/> (a repair made while reading the audio) is kept as "note".</summary>
    public static string ToJson(Transcript transcript, TimeSpan duration, string? note = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("engine", transcript.Engine);
            w.WriteNumber("duration_s", Math.Round(duration.TotalSeconds, 3));
            w.WriteString("text", transcript.Text);
            if (note is not null)
            {
                w.WriteString("note", note);
            }

            w.WriteStartArray("segments");
            foreach (var s in transcript.Segments)
            {
                w.WriteStartObject();
                w.WriteNumber("start", Math.Round(s.Start.TotalSeconds, 3));
                w.WriteNumber("end", Math.Round(s.End.TotalSeconds, 3));
                w.WriteString("text", s.Text);
                w.WriteStartArray("words");
                foreach (var word in s.Words)
                {
                    w.WriteStartObject();
                    w.WriteString("word", word.Text);
                    w.WriteNumber("start", Math.Round(word.Start.TotalSeconds, 3));
                    w.WriteNumber("end", Math.Round(word.End.TotalSeconds, 3));
                    if (word.Confidence is { } c)
                    {
                        w.WriteNumber("confidence", Math.Round(c, 3));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
