using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Whisper;

namespace VoiceCoach.Speech.WhisperNet;

/// <summary>One engine's figures from <see cref="WhisperEngineBenchmark.Run"/>. Times are wall-clock milliseconds.</summary>
/// <param name="Engine">"managed" or "whisper.net".</param>
/// <param name="EncoderMedianMs">Median time to encode one 30 s window, cross-attention keys and values included (whisper.cpp computes them in its encoder).</param>
/// <param name="EncoderMinMs">Fastest window.</param>
/// <param name="DecoderMsPerToken">Mean time per token, one token per call with the key/value cache growing from 1.</param>
/// <param name="RealTimeFactor">(mel + 2 × (encode + tokens)) / 60 s for the 60 s clip.</param>
/// <param name="EnginePeakBytes">Peak working set while the engine ran, less the working set before it loaded.</param>
public sealed record WhisperEngineFigures(string Engine, double EncoderMedianMs, double EncoderMinMs, double DecoderMsPerToken, double RealTimeFactor, long EnginePeakBytes);

/// <summary>What <see cref="WhisperEngineBenchmark.Run"/> measured: every engine on the same model, clip and threads.</summary>
public sealed record WhisperEngineComparison(string ModelPath, long FileBytes, int Threads, int DecoderTokens, IReadOnlyList<WhisperEngineFigures> Engines, string WhisperCppSystemInfo)
{
    /// <summary>The figures as a table, then each engine's ratio to the first; invariant culture.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Format(c, "model        {0} ({1:F1} MB)", ModelPath, FileBytes / 1e6));
        writer.WriteLine(string.Format(c, "clip         60 s synthetic chirp in noise, the same samples for every engine; {0} threads; {1} tokens per window", Threads, DecoderTokens));
        if (WhisperCppSystemInfo.Length > 0)
        {
            writer.WriteLine(string.Format(c, "whisper.cpp  {0}", WhisperCppSystemInfo));
        }

        writer.WriteLine(string.Format(c, "{0,-12} {1,24} {2,15} {3,11} {4,24}", "engine", "encoder per 30 s window", "decoder/token", "rtf (60 s)", "engine peak"));
        foreach (var e in Engines)
        {
            writer.WriteLine(string.Format(
                c,
                "{0,-12} {1,24} {2,15} {3,11} {4,24}",
                e.Engine,
                string.Format(c, "{0:F1} ms (min {1:F1})", e.EncoderMedianMs, e.EncoderMinMs),
                string.Format(c, "{0:F2} ms", e.DecoderMsPerToken),
                string.Format(c, "{0:F3}", e.RealTimeFactor),
                string.Format(c, "{0:F1} MB ({1:F2}x file)", e.EnginePeakBytes / 1e6, (double)e.EnginePeakBytes / FileBytes)));
        }

        var first = Engines[0];
        foreach (var e in Engines.Skip(1))
        {
            writer.WriteLine(string.Format(
                c,
                "{0} / {1}: encoder {2:F2}x, decoder {3:F2}x, rtf {4:F2}x, peak {5:F2}x",
                e.Engine,
                first.Engine,
                e.EncoderMedianMs / first.EncoderMedianMs,
                e.DecoderMsPerToken / first.DecoderMsPerToken,
                e.RealTimeFactor / first.RealTimeFactor,
                (double)e.EnginePeakBytes / first.EnginePeakBytes));
        }
    }
}

/// <summary>
/// Times the Whisper engines one after the other in this process on the same model, clip (<see cref="WhisperBenchmark.Clip"/>)
/// and threads, by the same method: the managed engine through <see cref="WhisperBenchmark"/>, whisper.cpp through the
/// library Whisper.net ships and loads (its encoder and decoder called directly, since Whisper.net only runs whole
/// transcriptions; with Whisper.net's default settings: flash attention off). On Linux the process's peak working set
/// is reset before each engine, so each peak is its own. For `voicecoach bench whisper`, not for tests.
/// </summary>
public static class WhisperEngineBenchmark
{
    /// <summary>The engine names <see cref="Run"/> knows.</summary>
    public static readonly IReadOnlyList<string> Names = ["managed", "whisper.net"];

    /// <summary>Runs <paramref name="engines"/> in order (at least one of <see cref="Names"/>).</summary>
    public static WhisperEngineComparison Run(string modelPath, IReadOnlyList<string> engines, int threads, int encoderRuns, int decoderTokens = 64, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engines);
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        var figures = new List<WhisperEngineFigures>();
        var systemInfo = string.Empty;
        foreach (var engine in engines)
        {
            ResetPeakWorkingSet();
            switch (engine)
            {
                case "managed":
                    var r = WhisperBenchmark.Run(modelPath, new WhisperBenchmarkOptions(threads, encoderRuns, decoderTokens), ct);
                    figures.Add(new WhisperEngineFigures(engine, r.EncoderMedianMs + r.CrossAttentionMs, r.EncoderMinMs + r.CrossAttentionMs, r.DecoderMsPerToken, r.RealTimeFactor, r.EnginePeakBytes));
                    break;
                case "whisper.net":
                    figures.Add(RunWhisperCpp(modelPath, threads, encoderRuns, decoderTokens, ct));
                    systemInfo = global::Whisper.net.WhisperFactory.GetRuntimeInfo()?.Trim() ?? string.Empty;
                    break;
                default:
                    throw new ArgumentException($"engine '{engine}': unknown; use {string.Join(" or ", Names)}", nameof(engines));
            }
        }

        return new WhisperEngineComparison(modelPath, new FileInfo(modelPath).Length, threads, decoderTokens, figures, systemInfo);
    }

    private static WhisperEngineFigures RunWhisperCpp(string modelPath, int threads, int encoderRuns, int decoderTokens, CancellationToken ct)
    {
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var baseline = process.WorkingSet64;

        // Whisper.net loads the native library (and checks the file); the benchmark then binds to that same library.
        WhisperNetRuntime.LoadModel(modelPath, NullLogger.Instance).Dispose();
        var native = WhisperCppNative.FromLoadedRuntime();
        var context = native.InitFromFile(modelPath, flashAttention: false);
        var state = native.InitState(context);
        try
        {
            var samples = WhisperBenchmark.Clip();
            var vocabulary = native.VocabularySize(context);
            var sw = Stopwatch.StartNew();
            native.PcmToMel(context, state, samples, threads);
            var melMs = sw.Elapsed.TotalMilliseconds;

            native.Encode(context, state, 0, threads);
            var times = new List<double>();
            for (var i = 0; i < Math.Max(1, encoderRuns); i++)
            {
                ct.ThrowIfCancellationRequested();
                sw.Restart();
                native.Encode(context, state, 0, threads);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            var perToken = DecodeTokens(native, context, state, vocabulary, decoderTokens, threads, ct) / Math.Max(1, decoderTokens);

            sw.Restart();
            for (var window = 0; window < 2; window++)
            {
                native.Encode(context, state, window * 3000, threads);
                DecodeTokens(native, context, state, vocabulary, decoderTokens, threads, ct);
            }

            var rtf = (sw.Elapsed.TotalMilliseconds + melMs) / 1000.0 / 60.0;
            times.Sort();
            process.Refresh();
            return new WhisperEngineFigures("whisper.net", times[times.Count / 2], times[0], perToken, rtf, process.PeakWorkingSet64 - baseline);
        }
        finally
        {
            native.FreeState(state);
            native.Free(context);
        }
    }

    // Start of transcript, then the most probable text token, one call per token; returns the time of the tokens after the first.
    private static double DecodeTokens(WhisperCppNative native, nint context, nint state, int vocabulary, int tokens, int threads, CancellationToken ct)
    {
        var endOfText = native.EndOfText(context);
        native.Decode(context, state, [native.StartOfTranscript(context)], 0, threads);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < tokens; i++)
        {
            ct.ThrowIfCancellationRequested();
            var logits = native.Logits(state, vocabulary)[..endOfText];
            var best = 0;
            for (var t = 1; t < logits.Length; t++)
            {
                best = logits[t] > logits[best] ? t : best;
            }

            native.Decode(context, state, [best], i + 1, threads);
        }

        return sw.Elapsed.TotalMilliseconds;
    }

    // Linux: writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one, so each engine's peak is its own.
    private static void ResetPeakWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (OperatingSystem.IsLinux())
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Peaks then include the engines run before; the figures stay honest about what they are.
            }
        }
    }
}
