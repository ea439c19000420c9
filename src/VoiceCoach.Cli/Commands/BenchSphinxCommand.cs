using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach bench sphinx --audio FILE [--gain DB] [--lm domain|general]`: how long PocketSphinx takes per
/// second of audio, as wall-clock time and as this process's CPU time (the CPU figure holds on a busy machine, where
/// the wall clock measures the other processes too), and each search pass's CPU time as PocketSphinx's own log gives it
/// (first pass, second pass, lattice). `--gain 30` amplifies with clipping, the case that used to be pathological and
/// now gets the bounded search.
/// </summary>
internal static class BenchSphinxCommand
{
    public static Command Create(CliServices services)
    {
        var audio = new Option<string>("--audio") { Description = "The answer to decode (any format VoiceCoach reads), e.g. a 60 s answer.", Required = true };
        var gain = new Option<double>("--gain") { Description = "Amplify by this many dB first, clipping at full scale (30 reproduces a clipped recording).", DefaultValueFactory = _ => 0 };
        var runs = new Option<int>("--runs") { Description = "Measured runs (after one warm-up).", DefaultValueFactory = _ => 1 };
        var engine = new EngineOptions();
        var command = new Command("sphinx", "Time PocketSphinx: decode seconds per audio second (wall clock and CPU).") { audio, gain, runs };
        engine.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var clip = await services.LoadAudioAsync(Path.GetFullPath(parse.GetValue(audio)!, services.WorkingDirectory), ct);
            if (parse.GetValue(gain) is var db and not 0)
            {
                var factor = (float)Math.Pow(10, db / 20);
                clip = new AudioClip(clip.Samples.ToArray().Select(s => Math.Clamp(s * factor, -1f, 1f)).ToArray(), clip.Source);
            }

            // PocketSphinx times its passes itself and only says so in its log: read the part each run writes.
            var log = Path.Combine(Path.GetTempPath(), $"voicecoach-bench-sphinx-{Environment.ProcessId}.log");
            var request = engine.Read(parse) with { Engine = "sphinx", SphinxLogFile = log };
            var transcriber = services.CreateTranscriber(request);
            try
            {
                await transcriber.TranscribeAsync(clip, ct); // warm-up: first-use allocations, page cache
                if (transcriber is SphinxTranscriber warm)
                {
                    await warm.FlushLogAsync(ct);
                }

                var wall = new List<double>();
                var cpu = new List<double>();
                var passes = new List<SphinxPassTimes>();
                var words = 0;
                for (var i = 0; i < Math.Max(1, parse.GetValue(runs)); i++)
                {
                    var logBefore = new FileInfo(log) is { Exists: true } info ? info.Length : 0;
                    var process = Process.GetCurrentProcess();
                    var cpuBefore = process.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    words = (await transcriber.TranscribeAsync(clip, ct)).Words.Count;
                    wall.Add(sw.Elapsed.TotalSeconds);
                    process.Refresh();
                    cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                    if (transcriber is SphinxTranscriber sphinx)
                    {
                        await sphinx.FlushLogAsync(ct);
                    }

                    if (SphinxPassTimes.Parse(ReadFrom(log, logBefore)) is { } times)
                    {
                        passes.Add(times);
                    }
                }

                var seconds = clip.Duration.TotalSeconds;
                services.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"sphinx: {transcriber.EngineName}, {seconds:0.0} s of audio{(parse.GetValue(gain) is not 0 ? $" at +{parse.GetValue(gain):0} dB (clipped)" : string.Empty)}, second pass {(SecondPassOff(request.DecoderArguments) ? "off" : "on")}, {words} words")));
                services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"decode: median {Median(wall):0.00} s wall ({Median(wall) / seconds:0.000}x real time), {Median(cpu):0.00} s CPU ({Median(cpu) / seconds:0.000}x real time) over {wall.Count} run(s) after warm-up"));
                if (passes.Count > 0)
                {
                    var median = passes.OrderBy(p => p.Total).ElementAt(passes.Count / 2);
                    services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"passes (CPU s, run of median total): first (fwdtree) {median.FirstPass:0.00} ({median.FirstPass / seconds:0.000}x), second (fwdflat) {median.SecondPass:0.00} ({median.SecondPass / seconds:0.000}x), lattice and posteriors (bestpath) {median.Lattice:0.00} ({median.Lattice / seconds:0.000}x)"));
                }
            }
            finally
            {
                (transcriber as IDisposable)?.Dispose();
                File.Delete(log);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // Every command decodes with the second pass; `--decoder-args "-fwdflat no"` measures without it.
    private static bool SecondPassOff(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i + 1 < arguments.Count; i += 2)
        {
            if (arguments[i] == "-fwdflat" && arguments[i + 1] is "no" or "false")
            {
                return true;
            }
        }

        return false;
    }

    private static string ReadFrom(string path, long offset)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
