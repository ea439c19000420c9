using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Audio.Speech;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Cli.Practice;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Practice;
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
        var waitForSpeech = new Option<double>("--wait-for-speech") { Description = "Hands-free: seconds to wait for you to start speaking before I say so and offer to ask again or skip (without a keyboard, or with --from, the question is left unanswered).", DefaultValueFactory = _ => 8 };
        var noCutIn = new Option<bool>("--no-cut-in") { Description = "Let answers run past the rubric's too-long point instead of the interviewer cutting in (never with --from)." };
        var engine = new EngineOptions();
        var llm = new LlmCliOptions();
        var command = new Command("practice", "A spoken mock interview: questions asked aloud, answers timed live, transcribed and graded while you go on, a report at the end.")
        {
            round, count, questions, company, device, backend, noSpeak, handsFree, silence, waitForSpeech, noCutIn, followUps, noFollowUps, from, fast, resume, output, allowRepeats, seed,
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

            var waitSeconds = parse.GetValue(waitForSpeech);
            if (waitSeconds is < 1 or > 600)
            {
                throw new CliUserException($"--wait-for-speech {waitSeconds.ToString(CultureInfo.InvariantCulture)}: give between 1 and 600 seconds");
            }

            // 1. The session: resumed, or planned now.
            var (dir, state, resuming) = OpenSession(services, library, parse, new PlanOptions(round, count, questions, company, from, resume, output, allowRepeats, seed));
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
            var transcriber = services.CreateTranscriber(engine.Read(parse));
            try
            {
                var streaming = transcriber as IStreamingTranscriber ?? new ChunkedStreamingTranscriber(transcriber, vad);

                // Rubric only, or the rubric with the LLM reviewer on top (--llm, $VOICECOACH_LLM_URL or the config file).
                using var setup = await llm.CreateGraderAsync(parse, services, library, pack, state.Id, ct);
                var keys = services.Keys ?? new ConsoleKeys();
                var options = new PracticeOptions
                {
                    HandsFree = parse.GetValue(handsFree),
                    Listening = new ListeningOptions { TrailingSilence = TimeSpan.FromSeconds(silenceSeconds), SpeechStartTimeout = TimeSpan.FromSeconds(waitSeconds) },
                    FollowUps = parse.GetValue(noFollowUps) ? 0 : Math.Max(0, parse.GetValue(followUps)),
                    CutIn = !fromRecordings && !parse.GetValue(noCutIn),
                    Interactive = keys.Available && !fromRecordings,
                };
                using var view = new PracticeScreen(services.Console);
                view.OnReady = () => Intro(view, state, pack.Name, streaming.EngineName, source, speaker, options, dir, wd, resuming);
                var session = new PracticeSession(new PracticeContext
                {
                    State = state,
                    Directory = dir,
                    Catalog = library.Questions,
                    Rubric = library.Rubric,
                    Company = pack,
                    Grader = setup.Answers,
                    RubricGrader = setup.Rubric,
                    Semantic = setup.Semantic,
                    SessionGrader = setup.SessionGrader(library.Rubric, pack, services.Time),
                    Source = source,
                    Speaker = speaker,
                    Sink = sink,
                    Transcriber = streaming,
                    Vad = vad,
                    Observer = view,
                    Time = services.Time,
                    Options = options,
                    Logger = log,
                });
                PracticeResult result;
                using var stopKeys = new CancellationTokenSource();
                var keyPump = PumpKeysAsync(keys, session, stopKeys.Token);
                try
                {
                    result = await session.RunAsync(ct);
                }
                catch (AudioDeviceException e)
                {
                    throw NoMicrophone(e, dir, resuming && state.Items.Any(i => i.Status != PracticeStatus.Pending));
                }
                finally
                {
                    await stopKeys.CancelAsync();
                    await keyPump;
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

    /// <summary>The options that plan a session (or name the one to resume).</summary>
    private sealed record PlanOptions(
        Option<string> Round, Option<int?> Count, Option<string?> Questions, Option<string> Company, Option<string?> From,
        Option<string?> Resume, Option<string?> Output, Option<bool> AllowRepeats, Option<int?> Seed);

    private static (string Dir, PracticeState State, bool Resuming) OpenSession(CliServices services, PromptLibrary library, ParseResult parse, PlanOptions o)
    {
        var wd = services.WorkingDirectory;
        var sessions = Path.Combine(wd, "sessions");
        try
        {
            if (parse.GetResult(o.Resume) is not null)
            {
                var resumeDir = PracticePlanner.FindResumable(parse.GetValue(o.Resume), sessions, wd);
                return (resumeDir, PracticePlanner.Read(resumeDir), true);
            }

            var id = SessionFolder.NewId(services.Time);
            var dir = Path.GetFullPath(parse.GetValue(o.Output) ?? Path.Combine("sessions", id), wd);
            var plan = PracticePlanner.Plan(library, new PlanRequest
            {
                Questions = new QuestionRequest
                {
                    Round = parse.GetValue(o.Round) ?? Rounds.Recruiter,
                    Count = parse.GetValue(o.Count) ?? 5,
                    Company = parse.GetValue(o.Company) ?? "netflix",
                    AllowRepeats = parse.GetValue(o.AllowRepeats),
                    Recent = PracticePlanner.RecentQuestionIds(sessions),
                },
                Count = parse.GetValue(o.Count),
                Ids = parse.GetValue(o.Questions),
                From = parse.GetValue(o.From),
                Seed = parse.GetValue(o.Seed),
                WorkingDirectory = wd,
            });
            if (plan.Note is { } note)
            {
                services.Console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            }

            var state = plan.State;
            state.Id = Path.GetFileName(dir);
            state.Started = services.Time.GetLocalNow();
            PracticePlanner.Create(state, dir);
            return (dir, state, false);
        }
        catch (PracticePlanException e)
        {
            throw new CliUserException(e.Message);
        }
    }

    /// <summary>Forwards the terminal's keys to the session until stopped.</summary>
    private static async Task PumpKeysAsync(IPracticeKeys keys, PracticeSession session, CancellationToken cancellationToken)
    {
        if (!keys.Available)
        {
            return;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                while (keys.Poll() is { } command)
                {
                    session.Send(command);
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The session is over.
        }
    }

    private static CliUserException NoMicrophone(AudioDeviceException e, string dir, bool keep)
    {
        if (!keep && Directory.Exists(dir) && Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories).Length == 0)
        {
            Directory.Delete(dir, recursive: true); // nothing was recorded: leave no empty session behind
        }

        return new CliUserException($"No microphone ({e.Device}: {e.Problem.TrimEnd('.')}): pass --device NAME (`voicecoach devices` lists them) or practise with recorded answers, e.g. --from samples");
    }

    private static void Intro(PracticeScreen view, PracticeState state, string company, string engine, IAudioSource source, ISpeaker speaker, PracticeOptions options, string dir, string wd, bool resuming)
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
            ? string.Create(CultureInfo.InvariantCulture, $"[grey]hands-free:[/] an answer ends after {options.Listening.TrailingSilence.TotalSeconds:0.#} s of silence; with no answer after {options.Listening.SpeechStartTimeout.TotalSeconds:0} s I say so · keys still work: [bold]space[/] done, [bold]r[/] redo, [bold]a[/] ask again, [bold]s[/] skip, [bold]p[/] pause, [bold]q[/] quit")
            : "[grey]keys:[/] [bold]space[/]/[bold]enter[/] done, [bold]r[/] redo, [bold]a[/] ask again, [bold]s[/] skip, [bold]p[/] pause, [bold]q[/] quit (what you recorded is kept)");
        if (options.CutIn)
        {
            lines.Add("[grey]Past the too-long point the interviewer cuts in, as a recruiter would.[/]");
        }
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
}
