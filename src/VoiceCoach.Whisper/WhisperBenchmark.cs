using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics.X86;

namespace VoiceCoach.Whisper;

/// <summary>Settings for <see cref="WhisperBenchmark.Run"/>.</summary>
/// <param name="Threads">Threads for every stage; 0 (default) means <see cref="Environment.ProcessorCount"/>.</param>
/// <param name="EncoderRuns">Timed encoder windows after one warm-up (default 5); the median is reported.</param>
/// <param name="DecoderTokens">Tokens timed one at a time for the per-token figure, and decoded per window in the 60 s run (default 64).</param>
public sealed record WhisperBenchmarkOptions(int Threads = 0, int EncoderRuns = 5, int DecoderTokens = 64);

/// <summary>Figures from one <see cref="WhisperBenchmark.Run"/>. Times are wall-clock milliseconds.</summary>
/// <param name="ModelPath">The model file.</param>
/// <param name="FileBytes">Its size.</param>
/// <param name="HyperParameters">Its header.</param>
/// <param name="Threads">Threads used.</param>
/// <param name="EncoderMedianMs">Median encoder time per 30 s window.</param>
/// <param name="EncoderMinMs">Fastest encoder window.</param>
/// <param name="EncoderCpuMs">Median process CPU time per window (all threads): shows how much a busy machine stretched the wall time.</param>
/// <param name="CrossAttentionMs">Computing the decoder's cross-attention keys and values for one window.</param>
/// <param name="DecoderMsPerToken">Mean time per token, one token per call with the KV cache growing from 1.</param>
/// <param name="RealTimeFactor">(mel + 2 × (encode + cross K/V + DecoderTokens tokens)) / 60 s, for a 60 s clip.</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set after the run (includes the runtime and the mapped file pages).</param>
/// <param name="CpuFeatures">Instruction sets the kernels used.</param>
/// <param name="BaselineWorkingSetBytes">The process's working set just before the model was loaded (after a full collection): the .NET runtime, the host's code and data. The engine's own peak is <see cref="PeakWorkingSetBytes"/> minus this.</param>
/// <param name="DecoderCpuMsPerToken">Process CPU time (all threads) per token: shows how much a busy machine stretched the wall time.</param>
/// <param name="LogitsMsPerToken">Of the per-token time, the logits projection alone: n_vocab dot products against the token embedding (the largest tensor), timed on its own.</param>
/// <param name="Phases">Working set and peak working set after each stage, in order, to show which stage set the peak.</param>
public sealed record WhisperBenchmarkResult(
    string ModelPath,
    long FileBytes,
    WhisperHyperParameters HyperParameters,
    int Threads,
    double EncoderMedianMs,
    double EncoderMinMs,
    double EncoderCpuMs,
    double CrossAttentionMs,
    double DecoderMsPerToken,
    double RealTimeFactor,
    long PeakWorkingSetBytes,
    string CpuFeatures,
    long BaselineWorkingSetBytes = 0,
    double DecoderCpuMsPerToken = 0,
    double LogitsMsPerToken = 0,
    IReadOnlyList<WhisperMemoryPhase>? Phases = null)
{
    /// <summary>Peak working set less the baseline before loading: what loading and running the model added.</summary>
    public long EnginePeakBytes => PeakWorkingSetBytes - BaselineWorkingSetBytes;

    /// <summary>Writes the figures as aligned lines, invariant culture.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        var hp = HyperParameters;
        writer.WriteLine(string.Format(c, "model        {0} ({1:F1} MB, ftype {2}, state {3}, {4} heads, {5}+{6} layers)", ModelPath, FileBytes / 1e6, hp.FileType, hp.AudioState, hp.AudioHeads, hp.AudioLayers, hp.TextLayers));
        writer.WriteLine(string.Format(c, "threads      {0}", Threads));
        writer.WriteLine(string.Format(c, "cpu          {0}", CpuFeatures));
        writer.WriteLine(string.Format(c, "encoder      {0:F1} ms median, {1:F1} ms min per 30 s window (process cpu {2:F1} ms)", EncoderMedianMs, EncoderMinMs, EncoderCpuMs));
        writer.WriteLine(string.Format(c, "cross k/v    {0:F1} ms per window", CrossAttentionMs));
        writer.WriteLine(string.Format(c, "decoder      {0:F2} ms/token (process cpu {1:F2} ms; logits projection alone {2:F2} ms)", DecoderMsPerToken, DecoderCpuMsPerToken, LogitsMsPerToken));
        writer.WriteLine(string.Format(c, "rtf          {0:F3} (60 s clip, 2 windows)", RealTimeFactor));
        writer.WriteLine(string.Format(c, "peak ws      {0:F1} MB ({1:F2} x file)", PeakWorkingSetBytes / 1e6, (double)PeakWorkingSetBytes / FileBytes));
        writer.WriteLine(string.Format(c, "baseline     {0:F1} MB working set before loading (runtime and host)", BaselineWorkingSetBytes / 1e6));
        writer.WriteLine(string.Format(c, "engine peak  {0:F1} MB = peak - baseline ({1:F2} x file)", EnginePeakBytes / 1e6, (double)EnginePeakBytes / FileBytes));
        foreach (var phase in Phases ?? [])
        {
            writer.WriteLine(string.Format(c, "  {0,-11} ws {1,7:F1} MB, peak so far {2,7:F1} MB, managed heap {3,6:F1} MB (committed {4,6:F1} MB)", phase.Name, phase.WorkingSetBytes / 1e6, phase.PeakWorkingSetBytes / 1e6, phase.ManagedHeapBytes / 1e6, phase.ManagedCommittedBytes / 1e6));
        }
    }
}

/// <summary>The process's working set, and its peak so far, right after one stage of <see cref="WhisperBenchmark.Run"/>.</summary>
/// <param name="Name">The stage: load, encoder, cross k/v, decoder, 60 s clip.</param>
/// <param name="WorkingSetBytes">Working set after the stage.</param>
/// <param name="PeakWorkingSetBytes">Peak working set of the process up to the end of the stage.</param>
/// <param name="ManagedHeapBytes">Bytes allocated on the garbage-collected heap after the stage (live objects and garbage not yet collected).</param>
/// <param name="ManagedCommittedBytes">Memory the garbage collector had committed after the stage (heap plus free space it keeps).</param>
public sealed record WhisperMemoryPhase(string Name, long WorkingSetBytes, long PeakWorkingSetBytes, long ManagedHeapBytes = 0, long ManagedCommittedBytes = 0);

/// <summary>
/// Times the engine on synthetic audio: encoder per 30 s window, decoder per token, real-time
/// factor over 60 s, peak working set. Runs on the calling thread (plus <c>threads</c> workers);
/// loads and disposes its own model.
/// </summary>
public static unsafe class WhisperBenchmark
{
    public static WhisperBenchmarkResult Run(string modelPath, WhisperBenchmarkOptions? options = null, CancellationToken ct = default)
    {
        options ??= new WhisperBenchmarkOptions();
        var threads = Numerics.Work.Resolve(options.Threads);
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var phases = new List<WhisperMemoryPhase>();
        void Phase(string name)
        {
            process.Refresh();
            phases.Add(new WhisperMemoryPhase(name, process.WorkingSet64, process.PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes));
        }

        using var model = WhisperModel.Load(modelPath);
        var hp = model.HyperParameters;
        Phase("load");

        var samples = Clip();

        // The mel of the whole clip, computed once: every window below reads its frames in place, as transcription does.
        var swMel = Stopwatch.StartNew();
        var clipMel = model.ComputeLogMel(samples, threads);
        var melMs = swMel.Elapsed.TotalMilliseconds;
        var clipFrames = samples.Length / 160;
        const int WindowFrames = 3000;
        Phase("mel");

        model.EncodeToPages(clipMel, clipFrames, 0, WindowFrames, threads, ct).Dispose();
        var wall = new List<double>();
        var cpu = new List<double>();
        Numerics.PageMemory? features = null;
        for (var r = 0; r < Math.Max(1, options.EncoderRuns); r++)
        {
            features?.Dispose();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            features = model.EncodeToPages(clipMel, clipFrames, 0, WindowFrames, threads, ct);
            wall.Add(sw.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }

        Phase("encoder");
        var swCross = Stopwatch.StartNew();
        var cross = model.ComputeCross((float*)features!.Pointer, threads, ct);
        var crossMs = swCross.Elapsed.TotalMilliseconds;
        features.Dispose();
        var state = model.CreateDecoderState(cross);
        cross.Release();
        Phase("cross k/v");
        var logits = new float[hp.VocabularySize];
        double perToken;
        double cpuPerToken;
        double logitsPerToken;
        using (state)
        {
            var tokens = Math.Min(options.DecoderTokens, hp.TextContext - 1);
            model.Decode(state, [SotToken(hp)], logits, threads, ct);
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < tokens; i++)
            {
                model.Decode(state, [ArgMax(logits, model.Vocabulary.Count)], logits, threads, ct);
            }

            perToken = sw.Elapsed.TotalMilliseconds / Math.Max(1, tokens);
            process.Refresh();
            cpuPerToken = (process.TotalProcessorTime - cpu0).TotalMilliseconds / Math.Max(1, tokens);

            // The logits projection on its own, as Decode runs it.
            var x = new float[hp.TextState];
            x.AsSpan().Fill(0.01f);
            var embedding = new Numerics.WeightView(model.Weights.TokenEmbedding);
            sw.Restart();
            fixed (float* px = x, pl = logits)
            {
                for (var i = 0; i < tokens; i++)
                {
                    Numerics.Ops.LinearFew(px, 1, hp.TextState, embedding, null, pl, hp.VocabularySize, accumulate: false, threads, ct);
                }
            }

            logitsPerToken = sw.Elapsed.TotalMilliseconds / Math.Max(1, tokens);
            Phase("decoder");
        }

        // The 60 s run: the mel of the whole clip (timed above), then two windows of encode, cross k/v and decode.
        var total = Stopwatch.StartNew();
        for (var win = 0; win < 2; win++)
        {
            WhisperDecoderState.CrossCache windowCross;
            using (var windowFeatures = model.EncodeToPages(clipMel, clipFrames, win * WindowFrames, WindowFrames, threads, ct))
            {
                Phase(string.Create(CultureInfo.InvariantCulture, $" encode {win + 1}"));
                windowCross = model.ComputeCross((float*)windowFeatures.Pointer, threads, ct);
            }

            using var s = model.CreateDecoderState(windowCross);
            windowCross.Release();
            Phase(string.Create(CultureInfo.InvariantCulture, $" cross {win + 1}"));
            model.Decode(s, [SotToken(hp)], logits, threads, ct);
            for (var i = 0; i < Math.Min(options.DecoderTokens, hp.TextContext - 1); i++)
            {
                model.Decode(s, [ArgMax(logits, model.Vocabulary.Count)], logits, threads, ct);
            }

            Phase(string.Create(CultureInfo.InvariantCulture, $" decode {win + 1}"));
        }

        var rtf = ((total.Elapsed.TotalMilliseconds + melMs) / 1000.0) / 60.0;
        Phase("60 s clip");
        wall.Sort();
        cpu.Sort();
        return new WhisperBenchmarkResult(
            model.Path,
            model.FileSize,
            hp,
            threads,
            wall[wall.Count / 2],
            wall[0],
            cpu[cpu.Count / 2],
            crossMs,
            perToken,
            rtf,
            process.PeakWorkingSet64,
            CpuFeatures(),
            baseline,
            cpuPerToken,
            logitsPerToken,
            phases);
    }

    /// <summary>The benchmark's clip: 60 s of a seeded chirp in noise at 16 kHz (content does not change the amount of work), so other engines can be timed on the same samples.</summary>
    public static float[] Clip()
    {
        var random = new Random(1234);
        var samples = new float[60 * 16000];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 16000.0;
            samples[i] = (float)((0.3 * Math.Sin(2 * Math.PI * (200 + (20 * t)) * t)) + (0.05 * (random.NextDouble() - 0.5)));
        }

        return samples;
    }

    /// <summary>The instruction sets the kernels pick up on this machine.</summary>
    public static string CpuFeatures()
    {
        var features = new List<string>();
        if (Avx512F.IsSupported)
        {
            features.Add("AVX-512F (GEMM 8x32 tiles, f16/q8_0 conversion)");
        }

        if (Avx2.IsSupported)
        {
            features.Add("AVX2");
        }

        if (Fma.IsSupported)
        {
            features.Add("FMA");
        }

        return features.Count == 0 ? "scalar" : string.Join(", ", features);
    }

    // <|startoftranscript|> is the first id after the text vocabulary (50257 for .en, 50258 multilingual).
    private static int SotToken(WhisperHyperParameters hp) => hp.IsMultilingual ? 50258 : 50257;

    private static int ArgMax(float[] logits, int limit)
    {
        var best = 0;
        for (var i = 1; i < limit; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }
}
