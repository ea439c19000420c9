using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Audio.Speech;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Cli.Practice;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Practice;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Streaming;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach practice`: a spoken mock interview. Questions from the banks are shown and spoken, each answer
/// is recorded with a live display (time against target, level, speech), transcribed and graded in the
/// background, and the report is written moments after the last answer. Every answer is on disk as it is
/// recorded; `--resume` continues an interrupted session.
/// </summary>
internal static class PracticeCommand
{
    /// <summary>Sessions looked at to avoid repeating questions.</summary>
    private const int RecentSessions = 3;

    public static Command Create(CliServices services)
    {
        var round = new Option<string>("--round") { Description = "Interview round: " + string.Join(", ", Rounds.All) + ".", DefaultValueFactory = _ => Rounds.Recruiter };
        var count = new Option<int?>("--count", "-n") { Description = "Number of main questions (default 5; with --from, every recorded answer)." };
        var questions = new Option<string?>("--questions") { Description = "Question ids (comma-separated) or a file of ids, one per line; asked in that order." };
        var company = new Option<string>("--company") { Description = "Company pack (prompts/companies).", DefaultValueFactory = _ => "netflix" };
        var device = new Option<string?>("--device") { Description = "Microphone (see `voicecoach devices`); default: the system default." };
        var backend = DevicesCommand.BackendOption();
        var noSpeak = new Option<bool>("--no-speak") { Description = "Show the questions without speaking them." };
        var handsFree = new Option<bool>("--hands-free") { Description = "End each answer after a pause (see --silence) and go on without a key." };
        var silence = new Option<double>("--silence") { Description = "Hands-free: seconds of silence, once you have spoken, that end an answer.", DefaultValueFactory = _ => 1.5 };
        var followUps = new Option<int>("--follow-ups") { Description = "Follow-up questions asked after a main answer when the bank has them.", DefaultValueFactory = _ => 1 };
        var noFollowUps = new Option<bool>("--no-follow-ups") { Description = "Ask no follow-up questions (same as --follow-ups 0)." };
        var from = new Option<string?>("--from") { Description = "Play recorded answers instead of the microphone: DIR/manifest.yaml (questions and audio, like samples/) or the WAV files in DIR in name order." };
        var fast = new Option<bool>("--fast") { Description = "With --from: feed the recordings as fast as possible instead of in real time." };
        var resume = new Option<string?>("--resume") { Description = "Continue an interrupted session: the latest unfinished one under sessions/, or the folder given.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out", "-o") { Description = "Session folder. Default: sessions/<date-time>." };
        var allowRepeats = new Option<bool>("--allow-repeats") { Description = "Allow questions asked in the last sessions." };
        var seed = new Option<int?>("--seed") { Description = "Seed for the question draw (the same seed draws the same questions)." };
        var engine = new EngineOptions();
        var llm = new LlmCliOptions();
        var command = new Command("practice", "A spoken mock interview: questions asked aloud, answers timed live, transcribed and graded while you go on, a report at the end.")
        {
            round, count, questions, company, device, backend, noSpeak, handsFree, silence, followUps, noFollowUps, from, fast, resume, output, allowRepeats, seed,
        };
        engine.AddTo(command);
        llm.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var wd = services.WorkingDirectory;
            var silenceSeconds = parse.GetValue(silence);
            if (silenceSeconds is <= 0.1 or > 30)
            {
                throw new CliUserException($"--silence {silenceSeconds.ToString(CultureInfo.InvariantCulture)}: give between 0.1 and 30 seconds");
            }

            // 1. The session: resumed, or planned now.
            string dir;
            PracticeState state;
            var resuming = parse.GetResult(resume) is not null;
            if (resuming)
            {
                dir = FindResumable(parse.GetValue(resume), wd);
                using var stream = File.OpenRead(Path.Combine(dir, PracticeState.FileName));
                state = PracticeState.Read(stream, Path.Combine(dir, PracticeState.FileName));
            }
            else
            {
                var id = SessionFolder.NewId(services.Time);
                dir = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("sessions", id), wd);
                if (File.Exists(Path.Combine(dir, PracticeState.FileName)))
                {
                    throw new CliUserException($"{dir}: already holds a practice session; continue it with --resume {dir} or choose another --out");
                }

                state = Plan(services, library, parse.GetValue(from), new QuestionRequest
                {
                    Round = parse.GetValue(round) ?? Rounds.Recruiter,
                    Count = parse.GetValue(count) ?? 5,
                    Company = parse.GetValue(company) ?? "netflix",
                    AllowRepeats = parse.GetValue(allowRepeats),
                    Recent = RecentQuestionIds(Path.Combine(wd, "sessions")),
                }, parse.GetValue(count), parse.GetValue(questions), parse.GetValue(seed));
                state.Id = Path.GetFileName(dir);
                state.Started = services.Time.GetLocalNow();
                Directory.CreateDirectory(dir);
                SessionFolder.WriteAtomic(Path.Combine(dir, PracticeState.FileName), state.Write);
            }

            var pack = library.Company(state.Company);
            var fromRecordings = state.Items.Any(i => i.SourceFile is not null);
            var log = services.Logging.CreateLogger("practice");

            // 2. Devices and engines.
            var backendKind = parse.GetValue(backend);
            IAudioSource source;
            if (fromRecordings)
            {
                source = new RecordedAnswerSource(services.LoadAudioAsync, realTime: !parse.GetValue(fast), TimeSpan.FromSeconds(silenceSeconds + 0.5), services.Time);
            }
            else
            {
                try
                {
                    source = AudioBackends.Create(backendKind).CreateSource(parse.GetValue(device));
                }
                catch (AudioDeviceException e)
                {
                    throw NoMicrophone(e, dir, resuming);
                }
            }

            ISpeaker speaker = SilentSpeaker.Instance;
            IAudioSink? sink = null;
            if (!parse.GetValue(noSpeak))
            {
                try
                {
                    sink = AudioBackends.Create(backendKind).CreateSink();
                    speaker = new Speaker(SpeechSynthesizers.Create(), sink);
                }
                catch (Exception e) when (e is SpeechSynthesisException or AudioDeviceException)
                {
                    services.Console.MarkupLine($"[yellow]Questions will be shown, not spoken: {Markup.Escape(e.Message)} (--no-speak hides this)[/]");
                    sink = null;
                }
            }

            using var vad = SileroVad.Load(ModelLocator.RequireVad(null, wd), services.Logging.CreateLogger<SileroVad>());
            var transcriber = services.CreateTranscriber(engine.Read(parse) with { Live = true });
            try
            {
                var streaming = transcriber as IStreamingTranscriber ?? new ChunkedStreamingTranscriber(transcriber, vad);

                // Rubric only, or the rubric with the LLM reviewer on top (--llm, $VOICECOACH_LLM_URL or the config file).
                using var setup = await llm.CreateGraderAsync(parse, services, library, pack, state.Id, ct);
                var grader = setup.Answers;
                var sessionGrader = setup.SessionGrader(library.Rubric, pack, services.Time);
                var options = new PracticeRunOptions
                {
                    HandsFree = parse.GetValue(handsFree),
                    Silence = TimeSpan.FromSeconds(silenceSeconds),
                    FollowUps = parse.GetValue(noFollowUps) ? 0 : Math.Max(0, parse.GetValue(followUps)),
                };
                var view = new PracticeScreen(services.Console);
                var runner = new PracticeRunner(new PracticeContext
                {
                    State = state,
                    Directory = dir,
                    Catalog = library.Questions,
                    Rubric = library.Rubric,
                    Company = pack,
                    Grader = grader,
                    SessionGrader = sessionGrader,
                    Source = source,
                    Speaker = speaker,
                    Sink = sink,
                    Transcriber = streaming,
                    Vad = vad,
                    Keys = services.Keys ?? new ConsoleKeys(),
                    View = view,
                    Time = services.Time,
                    Options = options,
                    Logger = log,
                    OnReady = () => Intro(view, state, pack.Name, streaming.EngineName, source, speaker, options, dir, wd, resuming),
                });
                PracticeResult result;
                try
                {
                    result = await runner.RunAsync(ct);
                }
                catch (AudioDeviceException e)
                {
                    throw NoMicrophone(e, dir, resuming && state.Items.Any(i => i.Status != PracticeStatus.Pending));
                }

                Conclude(services, result, state, dir, wd);
                log.LogInformation("Practice {Session}: {Answers} answers, finished {Finished}, feedback latency {LatencyMs} ms", state.Id, result.Session?.Answers.Count ?? 0, result.Finished, result.FeedbackLatencyMs);
                return ct.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Success; // Ctrl+C: reported, but stopped
            }
            finally
            {
                (transcriber as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static CliUserException NoMicrophone(AudioDeviceException e, string dir, bool keep)
    {
        if (!keep && Directory.Exists(dir) && Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories).Length == 0)
        {
            Directory.Delete(dir, recursive: true); // nothing was recorded: leave no empty session behind
        }

        return new CliUserException($"No microphone ({e.Device}: {e.Problem.TrimEnd('.')}): pass --device NAME (`voicecoach devices` lists them) or practise with recorded answers, e.g. --from samples");
    }

    private static void Intro(IPracticeView view, PracticeState state, string company, string engine, IAudioSource source, ISpeaker speaker, PracticeRunOptions options, string dir, string wd, bool resuming)
    {
        var main = state.Items.Count(i => i.FollowUpOf is null);
        var done = state.Items.Count(i => i.Status is PracticeStatus.Recorded or PracticeStatus.Transcribed or PracticeStatus.Skipped);
        var title = string.Create(CultureInfo.InvariantCulture, $"{company} {state.Round} practice · {main} question{(main == 1 ? string.Empty : "s")}");
        var lines = new List<string>();
        if (resuming)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Resuming: {done} of {state.Items.Count} answered; the report will cover every answer."));
        }
        else
        {
            lines.Add("Hi! This is a practice interview: answer each question out loud as you would on the call. Aim for 30–60 s per answer, in STAR-Lite order.");
        }

        lines.Add($"[grey]input[/] {Markup.Escape(source.Name)}  [grey]voice[/] {Markup.Escape(speaker.Name)}  [grey]transcription[/] {Markup.Escape(engine)}");
        lines.Add(options.HandsFree
            ? string.Create(CultureInfo.InvariantCulture, $"[grey]hands-free:[/] an answer ends after {options.Silence.TotalSeconds:0.#} s of silence · keys still work: [bold]space[/] done, [bold]r[/] redo, [bold]s[/] skip, [bold]p[/] pause, [bold]q[/] quit")
            : "[grey]keys:[/] [bold]space[/]/[bold]enter[/] done, [bold]r[/] redo, [bold]s[/] skip, [bold]p[/] pause, [bold]q[/] quit (what you recorded is kept)");
        if (options.FollowUps > 0 && state.Items.Any(i => i.SourceFile is not null))
        {
            lines.Add("[grey]Follow-up questions are not asked when playing recorded answers.[/]");
        }

        lines.Add($"[grey]session folder[/] {Markup.Escape(Path.GetRelativePath(wd, dir))}");
        view.Intro(title, lines);
    }

    private static void Conclude(CliServices services, PracticeResult result, PracticeState state, string dir, string wd)
    {
        var console = services.Console;
        console.WriteLine();
        if (result.Session is null)
        {
            console.MarkupLine("[yellow]No answer to grade yet.[/]");
        }
        else
        {
            console.Write(new Rule("[bold]Your feedback[/]").LeftJustified());
            GradeCommand.PrintSummary(console, result.Session);
            console.MarkupLine($"Report: [link]{Markup.Escape(Path.GetRelativePath(wd, result.ReportPath!))}[/]");
            if (result.FeedbackLatencyMs is { } latency)
            {
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]Feedback ready {latency:0} ms after your last answer.[/]"));
            }
        }

        if (!result.Finished)
        {
            var left = state.Items.Count(i => i.Status is PracticeStatus.Pending or PracticeStatus.Recording);
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[yellow]{left} question{(left == 1 ? string.Empty : "s")} left. Continue with: voicecoach practice --resume {Markup.Escape(Path.GetRelativePath(wd, dir))}[/]"));
        }
    }

    /// <summary>The plan: recorded answers (a manifest or WAV files) or a draw from the banks.</summary>
    internal static PracticeState Plan(CliServices services, PromptLibrary library, string? from, QuestionRequest request, int? count, string? questions, int? seed)
    {
        var ids = questions is null ? [] : ReadIds(questions, services.WorkingDirectory);
        var random = seed is { } s ? new Random(s) : new Random();
        var state = new PracticeState { Company = request.Company, Round = request.Round };
        if (from is not null)
        {
            var dir = Path.GetFullPath(from, services.WorkingDirectory);
            if (!Directory.Exists(dir))
            {
                throw new CliUserException($"--from {from}: folder not found; give a folder of WAV answers or one with a manifest.yaml (see samples/)");
            }

            var manifestPath = Path.Combine(dir, "manifest.yaml");
            List<(Question Question, string File)> answers;
            if (File.Exists(manifestPath))
            {
                GradeManifest m;
                using (var reader = new StreamReader(manifestPath))
                {
                    m = GradeManifest.Load(reader, Path.GetRelativePath(services.WorkingDirectory, manifestPath), library.Questions, request.Company);
                }

                answers = m.Answers.Where(a => a.Audio is not null).Select(a => (a.Question, Path.GetFullPath(a.Audio!, dir))).ToList();
                state.Company = m.Company;
                if (answers.Count == 0)
                {
                    throw new CliUserException($"{manifestPath}: no answer with audio to play (typed transcripts are graded with `voicecoach grade`)");
                }
            }
            else
            {
                var files = Directory.GetFiles(dir, "*.wav").Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0)
                {
                    throw new CliUserException($"--from {from}: no WAV files and no manifest.yaml in that folder");
                }

                var pick = Pick(library, request with { Ids = ids, Count = Math.Min(count ?? files.Count, files.Count) }, random, services);
                answers = pick.Zip(files, (q, f) => (q, f)).ToList();
            }

            foreach (var a in answers.Where(a => !File.Exists(a.File)))
            {
                throw new CliUserException($"{a.File}: audio file not found (paths in a manifest are relative to it)");
            }

            if (count is { } n)
            {
                answers = answers.Take(Math.Max(1, n)).ToList();
            }

            state.Round = answers.GroupBy(a => a.Question.Round).OrderByDescending(g => g.Count()).First().Key;
            foreach (var (q, file) in answers)
            {
                state.Items.Add(new PracticeItem { Id = ItemId(state.Items.Count + 1), QuestionId = q.Id, Text = q.Text, SourceFile = file });
            }

            return state;
        }

        foreach (var q in Pick(library, request with { Ids = ids }, random, services))
        {
            state.Items.Add(new PracticeItem { Id = ItemId(state.Items.Count + 1), QuestionId = q.Id, Text = q.Text });
        }

        if (ids.Count > 0)
        {
            state.Round = state.Items.Select(i => library.Questions.Find(i.QuestionId)!.Round).GroupBy(r => r).OrderByDescending(g => g.Count()).First().Key;
        }

        return state;
    }

    private static IReadOnlyList<Question> Pick(PromptLibrary library, QuestionRequest request, Random random, CliServices services)
    {
        QuestionPick pick;
        try
        {
            pick = QuestionPicker.Pick(library.Questions, request, random);
        }
        catch (QuestionPickException e)
        {
            throw new CliUserException(e.Message);
        }

        if (pick.Note is { } note)
        {
            services.Console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        return pick.Questions;
    }

    private static IReadOnlyList<string> ReadIds(string value, string wd)
    {
        var path = Path.GetFullPath(value, wd);
        var ids = QuestionPicker.ParseIds(File.Exists(path) ? File.ReadAllText(path) : value);
        return ids.Count > 0 ? ids : throw new CliUserException($"--questions {value}: no question ids (give ids separated by commas, or a file with one id per line)");
    }

    private static string ItemId(int n) => string.Create(CultureInfo.InvariantCulture, $"q{n:00}");

    /// <summary>Question ids of the most recent sessions under <paramref name="sessions"/>, newest first.</summary>
    internal static IReadOnlyList<string> RecentQuestionIds(string sessions)
    {
        if (!Directory.Exists(sessions))
        {
            return [];
        }

        var ids = new List<string>();
        var used = 0;
        foreach (var dir in Directory.GetDirectories(sessions).OrderDescending(StringComparer.Ordinal))
        {
            if (used == RecentSessions)
            {
                break;
            }

            var practice = Path.Combine(dir, PracticeState.FileName);
            var json = Path.Combine(dir, SessionFolder.JsonName);
            try
            {
                if (File.Exists(practice))
                {
                    using var s = File.OpenRead(practice);
                    ids.AddRange(PracticeState.Read(s, practice).Items.Select(i => i.QuestionId));
                    used++;
                }
                else if (File.Exists(json))
                {
                    using var doc = JsonDocument.Parse(File.ReadAllText(json));
                    ids.AddRange(doc.RootElement.GetProperty("answers").EnumerateArray()
                        .Select(a => a.TryGetProperty("question_id", out var q) ? q.GetString() : null).OfType<string>());
                    used++;
                }
            }
            catch (Exception e) when (e is PromptFileException or JsonException or KeyNotFoundException or IOException)
            {
                // A broken or foreign folder does not stop a new session.
            }
        }

        return ids;
    }

    /// <summary>The session folder to resume: the one given, or the newest unfinished one under sessions/.</summary>
    private static string FindResumable(string? given, string wd)
    {
        if (given is not null)
        {
            var dir = Path.GetFullPath(given, wd);
            return File.Exists(Path.Combine(dir, PracticeState.FileName))
                ? dir
                : throw new CliUserException($"--resume {given}: no {PracticeState.FileName} there; give a session folder made by `voicecoach practice`");
        }

        var sessions = Path.Combine(wd, "sessions");
        var candidates = Directory.Exists(sessions) ? Directory.GetDirectories(sessions).OrderDescending(StringComparer.Ordinal) : Enumerable.Empty<string>();
        foreach (var dir in candidates)
        {
            var path = Path.Combine(dir, PracticeState.FileName);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var s = File.OpenRead(path);
                if (!PracticeState.Read(s, path).Finished)
                {
                    return dir;
                }
            }
            catch (PromptFileException)
            {
                // Not resumable.
            }
        }

        throw new CliUserException("--resume: no unfinished practice session under sessions/; start one with `voicecoach practice` (or give the folder: --resume DIR)");
    }
}
