using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Audio.Conversion;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading;
using VoiceCoach.Speech.WhisperNet;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach bench …`: speed figures, printed, never asserted by tests (the conventions: targets
/// are checked by benchmarks). Each bench warms up first and reports the median of its runs.
/// </summary>
internal static class BenchCommand
{
    private const string SampleAnswer =
        "Last year at Salesforce our retraining pipeline kept failing every weekend and the on-call team was burning out. "
        + "My task was to cut the pages without slowing releases. I analyzed three months of alerts, found that 70 percent came from one flaky check, "
        + "and I proposed moving validation before training. Um, I built the new check in two weeks. As a result, pages dropped by 50 percent. "
        + "That's judgment for me, and it's how I'd support the studio teams at Eyeline.";

    /// <summary>About 60 s of speech at 150 words a minute (150 words, 11 sentences): the answer the encoder budget is for.</summary>
    private static readonly string[] MinuteAnswer =
    [
        "Last year at Salesforce I owned the pipelines that feed our LLM training, about five terabytes a month.",
        "One night an upstream vendor silently changed its date format, and a third of a batch drifted.",
        "I had to decide whether that week's model release could go out at all.",
        "I sampled the bad records and measured the drift against the last good snapshot.",
        "Then I estimated the accuracy loss and wrote a one-page trade-off for my manager.",
        "We held the release for two days instead of shipping a model trained on broken dates.",
        "I added a schema check at ingestion so the same thing could never reach training again.",
        "We shipped two days later with no regression.",
        "Since then that check has caught four more format changes before they did any harm.",
        "That's judgment for me: the long-term fix over the short-term deadline, with context, not control.",
        "It's exactly the kind of care I'd bring to getting Eyeline's research models into studio production.",
    ];

    public static Command Create(CliServices services)
    {
        var bench = new Command("bench", "Measure speed: grading, VAD, resampling, Whisper.");
        bench.Subcommands.Add(Grading(services));
        bench.Subcommands.Add(Vad(services));
        bench.Subcommands.Add(Resample(services));
        bench.Subcommands.Add(Whisper(services));
        return bench;
    }

    private static Command Grading(CliServices services)
    {
        var answers = new Option<int>("--answers") { Description = "Answers per session.", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs") { Description = "Measured runs (after warm-up).", DefaultValueFactory = _ => 50 };
        var command = new Command("grading", "Time grading a session of typed answers with the rubric grader.") { answers, runs };
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var pack = library.Company("netflix");
            var questions = library.Questions.All.Where(q => q.Company == pack.Id).ToList();
            var n = Math.Max(1, parse.GetValue(answers));
            var list = Enumerable.Range(0, n).Select(i => new AnswerToGrade
            {
                Index = i + 1,
                Question = questions[i % questions.Count],
                Transcript = TranscriptTiming.Estimate(SampleAnswer, TimeSpan.FromSeconds(45)),
                Duration = TimeSpan.FromSeconds(45),
            }).ToList();
            var grader = new SessionGrader(new RubricGrader(library.Rubric, pack, services.Semantic(library)), library.Rubric, pack, services.Time);
            var times = new List<double>();
            for (var i = 0; i < 20 + parse.GetValue(runs); i++)
            {
                var sw = Stopwatch.StartNew();
                await grader.GradeAsync("bench", list, ct);
                if (i >= 20)
                {
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
            }

            Print(services, $"grading: {n} answers per session", times, "ms per session");
            EncoderCost(services, parse.GetValue(runs), ct);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Vad(CliServices services)
    {
        var audio = new Option<string?>("--audio") { Description = "Audio to run on (default: 60 s of a synthetic signal)." };
        var model = VadCommand.ModelOption();
        var command = new Command("vad", "Time the Silero VAD: ms per second of audio.") { audio, model };
        command.SetAction(async (parse, ct) =>
        {
            using var vad = SileroVad.Load(ModelLocator.RequireVad(parse.GetValue(model), services.WorkingDirectory));
            var clip = parse.GetValue(audio) is { } path
                ? await services.LoadAudioAsync(Path.GetFullPath(path, services.WorkingDirectory), ct)
                : SyntheticSpeechLike(60);
            var r = VadBenchmark.Run(vad, clip, repetitions: 10, warmup: 2, time: services.Time);
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"vad: {r.AudioSeconds:0.0} s of audio, {r.MillisecondsPerAudioSecond:0.00} ms per audio second (wall), {r.CpuMillisecondsPerAudioSecond:0.00} ms CPU, {r.RealTimeFactor:0}× real time"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Resample(CliServices services)
    {
        var rate = new Option<int>("--rate") { Description = "Input rate in Hz.", DefaultValueFactory = _ => 44_100 };
        var command = new Command("resample", "Time the band-limited resampler to 16 kHz (ms per minute of audio) and compare it with NAudio's: gain and cleanliness of tones below 8 kHz, leakage of tones above.") { rate };
        command.SetAction(parse =>
        {
            var inputRate = parse.GetValue(rate);
            var r = ResamplerBenchmark.Measure(inputRate, time: services.Time);
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"resample {r.InputRate} → {r.OutputRate} Hz: {r.TapsPerOutput} taps, filter design {r.FilterDesign.TotalMilliseconds:0} ms, {r.WallPerMinute.TotalMilliseconds:0} ms wall / {r.CpuPerMinute.TotalMilliseconds:0} ms CPU per minute of audio"));
            var tones = string.Join(", ", ResamplerQuality.PassbandTones.Select(t => (t / 1000).ToString("0.#", CultureInfo.InvariantCulture)));
            var aliases = string.Join(", ", ResamplerQuality.AliasTones.Select(t => (t / 1000).ToString("0.#", CultureInfo.InvariantCulture)));
            services.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"resampler",-9} {"gain dB at " + tones + " kHz",-38} {"SNR dB at the same",-32} {"alias dB at " + aliases + " kHz",-36} ms/min"));
            foreach (var q in new[]
            {
                ResamplerQuality.Measure("ours", inputRate, x => Resampler.Resample(x, inputRate, 16_000), services.Time),
                ResamplerQuality.Measure("naudio", inputRate, x => NAudioResampling.Resample(x, inputRate, 16_000), services.Time),
            })
            {
                services.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{q.Name,-9} {Join(q.PassbandGainDb, "0.00"),-38} {Join(q.PassbandSnrDb, "0"),-32} {Join(q.AliasDb, "0"),-36} {q.MillisecondsPerMinute:0}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Join(double[] values, string format) => string.Join(" ", values.Select(v => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture)));

    private static Command Whisper(CliServices services)
    {
        var model = new Option<string>("--model") { Description = "A whisper.cpp ggml model file.", Required = true };
        var threads = new Option<int>("--threads") { Description = "Threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var runs = new Option<int>("--runs") { Description = "Timed encoder windows after one warm-up.", DefaultValueFactory = _ => 5 };
        var engines = new Option<string>("--engine")
        {
            Description = "Engines to time in this run, comma-separated: managed, whisper.net (default both, with their ratio). managed alone prints its detailed breakdown (memory per stage).",
            DefaultValueFactory = _ => "managed,whisper.net",
        };
        var command = new Command("whisper", "Time the Whisper engines on the same model, clip and threads: encoder ms per 30 s window, decoder ms per token, real-time factor on 60 s, peak memory.") { model, threads, runs, engines };
        command.SetAction((parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(model), services.WorkingDirectory);
            var list = (parse.GetValue(engines) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length == 0 || list.Except(WhisperEngineBenchmark.Names).FirstOrDefault() is { } unknown)
            {
                throw new CliUserException($"--engine {parse.GetValue(engines)}: use managed, whisper.net or both, comma-separated");
            }

            if (list is ["managed"])
            {
                var result = VoiceCoach.Whisper.WhisperBenchmark.Run(path, new VoiceCoach.Whisper.WhisperBenchmarkOptions(parse.GetValue(threads), Math.Max(1, parse.GetValue(runs))), ct);
                result.WriteTo(services.Out);
            }
            else
            {
                WhisperEngineBenchmark.Run(path, list, parse.GetValue(threads), Math.Max(1, parse.GetValue(runs)), ct: ct).WriteTo(services.Out);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>
    /// The sentence encoder's cost for one 60 s answer (its 11 sentences), in wall-clock time and in CPU time of this
    /// process: on a shared machine the wall clock counts other people's work, the CPU time only ours.
    /// </summary>
    private static void EncoderCost(CliServices services, int runs, CancellationToken cancellationToken)
    {
        var encoder = services.SentenceEncoder();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < 5; i++)
        {
            encoder.Encode(MinuteAnswer, cancellationToken);
        }

        var wall = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < Math.Max(5, runs); i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            encoder.Encode(MinuteAnswer, cancellationToken);
            wall.Add(sw.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }

        Print(services, $"sentence encoder ({encoder.ModelName}): one 60 s answer ({MinuteAnswer.Length} sentences, {MinuteAnswer.Sum(s => s.Split(' ').Length)} words), wall clock", wall, "ms per answer");
        Print(services, "sentence encoder: CPU time of this process", cpu, "ms per answer");
    }

    private static void Print(CliServices services, string what, List<double> times, string unit)
    {
        times.Sort();
        var median = times[times.Count / 2];
        var p90 = times[(int)(times.Count * 0.9)];
        services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: median {median:0.00} {unit}, p90 {p90:0.00}, min {times[0]:0.00} ({times.Count} runs after warm-up)"));
    }

    /// <summary>Amplitude-modulated noise bursts with silences: speech-like input that needs no file.</summary>
    private static AudioClip SyntheticSpeechLike(int seconds)
    {
        var random = new Random(42);
        var samples = new float[seconds * AudioClip.SampleRate];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / (double)AudioClip.SampleRate;
            var envelope = Math.Max(0, Math.Sin(2 * Math.PI * 0.4 * t));
            samples[i] = (float)(envelope * 0.3 * ((random.NextDouble() * 2) - 1) * Math.Sin(2 * Math.PI * 180 * t));
        }

        return new AudioClip(samples, "synthetic");
    }
}
