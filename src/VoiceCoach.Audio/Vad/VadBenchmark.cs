using System.Diagnostics;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Vad;

/// <summary>Figures from <see cref="VadBenchmark.Run"/>, for <c>voicecoach bench vad</c> to print.</summary>
/// <param name="AudioSeconds">Audio processed in the timed runs.</param>
/// <param name="Elapsed">Wall time of the timed runs.</param>
/// <param name="CpuTime">Processor time of the process during the timed runs (on a busy machine closer to the
/// work done than wall time).</param>
public sealed record VadBenchmarkResult(double AudioSeconds, TimeSpan Elapsed, TimeSpan CpuTime)
{
    /// <summary>Wall milliseconds per second of audio.</summary>
    public double MillisecondsPerAudioSecond => Elapsed.TotalMilliseconds / AudioSeconds;

    /// <summary>Processor milliseconds per second of audio.</summary>
    public double CpuMillisecondsPerAudioSecond => CpuTime.TotalMilliseconds / AudioSeconds;

    /// <summary>How many times faster than real time (wall).</summary>
    public double RealTimeFactor => AudioSeconds / Elapsed.TotalSeconds;
}

/// <summary>
/// Times Silero VAD on one thread: probabilities and segments of a clip, repeated. Performance is reported by the
/// CLI's bench command, never asserted by timed tests.
/// </summary>
public static class VadBenchmark
{
    /// <summary>Runs <paramref name="warmup"/> untimed then <paramref name="repetitions"/> timed detections.</summary>
    public static VadBenchmarkResult Run(SileroVad vad, AudioClip clip, int repetitions = 20, int warmup = 3, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(vad);
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repetitions);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        var clock = time ?? TimeProvider.System;
        for (var i = 0; i < warmup; i++)
        {
            vad.Detect(clip);
        }

        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var t0 = clock.GetTimestamp();
        for (var i = 0; i < repetitions; i++)
        {
            vad.Detect(clip);
        }

        var elapsed = clock.GetElapsedTime(t0);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        return new VadBenchmarkResult(repetitions * clip.Duration.TotalSeconds, elapsed, cpu);
    }
}
