using System.Diagnostics;

namespace VoiceCoach.Audio.Conversion;

/// <summary>What <see cref="ResamplerBenchmark.Measure"/> found.</summary>
/// <param name="InputRate">Input rate in Hz.</param>
/// <param name="OutputRate">Output rate in Hz.</param>
/// <param name="TapsPerOutput">Filter taps per output sample.</param>
/// <param name="FilterDesign">Time to design the filter bank (once per converter).</param>
/// <param name="WallPerMinute">Best wall-clock time to convert one minute of audio.</param>
/// <param name="CpuPerMinute">Processor time for one minute of audio (closer to the real cost on a busy machine).</param>
public sealed record ResamplerBenchmarkResult(int InputRate, int OutputRate, int TapsPerOutput, TimeSpan FilterDesign, TimeSpan WallPerMinute, TimeSpan CpuPerMinute);

/// <summary>Measures <see cref="Resampler"/> speed, for a `voicecoach bench resample` command (not for tests).</summary>
public static class ResamplerBenchmark
{
    /// <summary>Converts <paramref name="audio"/> of noise (default 60 s) a few times and reports the best run, scaled to one minute.</summary>
    public static ResamplerBenchmarkResult Measure(int inputRate, int outputRate = 16_000, TimeSpan? audio = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var seconds = (audio ?? TimeSpan.FromMinutes(1)).TotalSeconds;
        var input = new float[(int)(inputRate * seconds)];
        var random = new Random(1);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)(random.NextDouble() - 0.5);
        }

        var start = time.GetTimestamp();
        var resampler = new Resampler(inputRate, outputRate);
        var design = time.GetElapsedTime(start);
        _ = Resampler.Resample(input.AsSpan(0, Math.Min(input.Length, inputRate)), inputRate, outputRate); // warm up the JIT

        var bestWall = TimeSpan.MaxValue;
        var bestCpu = TimeSpan.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (var run = 0; run < 3; run++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            start = time.GetTimestamp();
            _ = Resampler.Resample(input, inputRate, outputRate);
            var wall = time.GetElapsedTime(start);
            process.Refresh();
            bestWall = wall < bestWall ? wall : bestWall;
            var used = process.TotalProcessorTime - cpu;
            bestCpu = used < bestCpu ? used : bestCpu;
        }

        var scale = 60.0 / seconds;
        return new ResamplerBenchmarkResult(inputRate, outputRate, resampler.TapsPerOutput, design, bestWall * scale, bestCpu * scale);
    }
}
