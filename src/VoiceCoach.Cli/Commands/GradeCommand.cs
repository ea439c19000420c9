using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Practice;

namespace VoiceCoach.Cli.Commands;

/// <summary>`voicecoach grade --manifest FILE [--out DIR]`: recorded or typed answers in, a graded report out.</summary>
internal static class GradeCommand
{
    public static Command Create(CliServices services)
    {
        var manifest = new Option<string>("--manifest", "-m") { Description = "A YAML manifest: company and answers (question or question_id; audio or transcript + duration_s).", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder for session.json, report.md and the timelines. Default: sessions/<date-time>." };
        var company = new Option<string?>("--company") { Description = "Company pack to grade against (overrides the manifest's company)." };
        var force = new Option<bool>("--force") { Description = "Grade again into an --out folder that already holds a session; the earlier grading is kept in its gradings/ folder." };
        var engine = new EngineOptions();
        var llm = new LlmCliOptions();
        var command = new Command("grade", "Grade recorded (or typed) answers and write a coaching report.") { manifest, output, company, force };
        engine.AddTo(command);
        llm.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var manifestPath = Path.GetFullPath(parse.GetRequiredValue(manifest), services.WorkingDirectory);
            if (Directory.Exists(manifestPath))
            {
                throw new CliUserException($"{parse.GetRequiredValue(manifest)}: is a folder; --manifest takes a YAML file (see samples/manifest.yaml)");
            }

            if (!File.Exists(manifestPath))
            {
                throw new CliUserException($"{parse.GetRequiredValue(manifest)}: manifest not found; see samples/manifest.yaml for the format");
            }

            GradeManifest m;
            using (var reader = new StreamReader(manifestPath))
            {
                m = GradeManifest.Load(reader, Path.GetRelativePath(services.WorkingDirectory, manifestPath), library.Questions);
            }

            var pack = library.Company(parse.GetValue(company) ?? m.Company);
            var sessionId = SessionFolder.NewId(services.Time);
            var outShown = parse.GetValue(output) ?? Path.Combine("sessions", sessionId);
            var outDir = Path.GetFullPath(outShown, services.WorkingDirectory);
            var replace = parse.GetValue(force);
            SessionFolder.CheckUsable(outDir, outShown);
            if (!replace && SessionFolder.HoldsSession(outDir))
            {
                // Before any work; checked again under the folder's lock when writing, in case another run got there first.
                throw SessionFolder.AlreadyGraded(outShown);
            }

            using var setup = await llm.CreateGraderAsync(parse, services, library, pack, sessionId, ct);
            var answers = await PrepareAsync(services, m, Path.GetDirectoryName(manifestPath)!, outDir, engine.Read(parse), ct);

            var grader = setup.SessionGrader(library.Rubric, pack, services.Time);
            var session = await grader.GradeAsync(sessionId, answers.Answers, ct);
            session = session with
            {
                Timings = new Dictionary<string, double>(session.Timings) { ["transcription_ms"] = answers.TranscriptionMs },
                Notices = [.. session.Notices, .. answers.Notes],
            };
            var written = SessionFolder.Save(session, pack, outDir, replace ? ExistingSession.Archive : ExistingSession.Refuse, services.Time, services.SessionLockWait, outShown);
            var report = written.Report;
            PrintSummary(services.Console, session);
            if (written.ArchivedAs is { } archived)
            {
                services.Console.MarkupLine($"Earlier grading kept as [grey]{Markup.Escape(archived)}[/]");
            }

            services.Console.MarkupLine($"Report: [link]{Markup.Escape(report)}[/]");
            services.Logging.CreateLogger("grade").LogInformation("Graded {Answers} answers into {Report} ({GradingMs} ms grading)", session.Answers.Count, report, session.Timings["grading_ms"]);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Transcribes audio answers (one transcriber for the whole run) and estimates timings for typed ones.</summary>
    internal static async Task<(List<AnswerToGrade> Answers, double TranscriptionMs, List<string> Notes)> PrepareAsync(
        CliServices services, GradeManifest m, string manifestDir, string outDir, EngineRequest engine, CancellationToken ct)
    {
        var list = new List<AnswerToGrade>();
        var notes = new List<string>();
        ITranscriber? transcriber = null;
        var transcription = TimeSpan.Zero;
        var vadPath = m.Answers.Any(a => a.Audio is not null) ? ModelLocator.Find(null, ModelLocator.VadModelName, services.WorkingDirectory) : null;
        using var vad = vadPath is null ? null : SileroVad.Load(vadPath);
        try
        {
            var index = 1;
            foreach (var a in m.Answers)
            {
                if (a.Audio is { } audio)
                {
                    var path = Path.GetFullPath(audio, manifestDir);
                    if (Directory.Exists(path))
                    {
                        throw new CliUserException($"{audio}: is a folder, not an audio file (manifest line {a.Line.ToString(CultureInfo.InvariantCulture)}); give the path of a recording");
                    }

                    if (!File.Exists(path))
                    {
                        throw new CliUserException($"{audio}: audio file not found (manifest line {a.Line.ToString(CultureInfo.InvariantCulture)}; paths are relative to the manifest)");
                    }

                    var clip = await services.LoadAudioAsync(path, ct);
                    if (clip.Note?.Replace(path, audio, StringComparison.Ordinal) is { } note)
                    {
                        // Read with a repair (e.g. a header whose sizes lie): said on screen and kept in the report.
                        notes.Add($"Q{index}: {note}");
                        CliApp.NoteLine(services.Console, $"Q{index}: {note}");
                    }

                    transcriber ??= services.CreateTranscriber(engine);
                    var vadResult = vad?.Detect(clip);
                    if (vadResult is { HasSpeech: false })
                    {
                        services.Console.MarkupLine($"[yellow]Q{index}: no speech heard in {Markup.Escape(Path.GetFileName(audio))}; graded as an empty answer[/]");
                    }
                    else
                    {
                        services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]Q{index}: transcribing {Markup.Escape(Path.GetFileName(audio))} ({clip.Duration.TotalSeconds:0.0} s)…[/]"));
                    }

                    var recogniser = transcriber;
                    var prepared = await AnswerPreparation.PrepareAsync(vadResult, clip.Duration, recogniser.EngineName, t => recogniser.TranscribeAsync(clip, t), services.Time, ct);
                    transcription += prepared.TranscriptionTime;
                    list.Add(prepared.ToAnswer(index, a.Question, Path.GetRelativePath(outDir, path).Replace('\\', '/')));
                }
                else
                {
                    list.Add(a.ToTypedAnswer(index));
                }

                index++;
            }
        }
        finally
        {
            (transcriber as IDisposable)?.Dispose();
        }

        return (list, Math.Round(transcription.TotalMilliseconds, 1), notes);
    }

    public static void PrintSummary(IAnsiConsole console, GradedSession session)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("#");
        table.AddColumn("question");
        table.AddColumn("time");
        table.AddColumn("grade");
        table.AddColumn("top tip");
        foreach (var a in session.Answers)
        {
            var q = a.Question.Text.Length > 48 ? a.Question.Text[..47] + "…" : a.Question.Text;
            var tip = a.Feedback.CriticalMiss is { } miss && a.Findings.NoAnswer ? miss : a.Feedback.NeedsWork.FirstOrDefault() ?? a.Feedback.Tip;
            table.AddRow(
                a.Answer.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(q),
                a.Findings.NoAnswer ? "no answer" : TimeFormat.Duration(a.Findings.LengthSeconds),
                $"[bold]{Markup.Escape(a.Grade)}[/]",
                Markup.Escape(tip.Length > 70 ? tip[..69] + "…" : tip));
        }

        console.Write(table);
        foreach (var notice in session.Notices.Where(n => n.Contains("LLM", StringComparison.Ordinal)))
        {
            console.MarkupLine($"[yellow]{Markup.Escape(notice)}[/]");
        }

        var s = session.Summary;
        var silent = session.Answers.Where(a => a.Findings.NoAnswer).Select(a => string.Create(CultureInfo.InvariantCulture, $"Q{a.Answer.Index}")).ToList();
        if (silent.Count > 0)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[yellow]No answer to {string.Join(", ", silent)}: nothing was heard (check the microphone with `voicecoach devices`).[/]"));
        }

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Average [bold]{Markup.Escape(s.AverageGrade)}[/] · culture integration {s.CultureIntegrationPct}% · role enthusiasm {s.RoleEnthusiasmPct}% · fluency {Markup.Escape(s.FluencyLabel)} ({s.FluencyLevel}/5)"));
        console.MarkupLine($"Next session target: [bold]{Markup.Escape(s.NextTarget)}[/]");
    }
}
