using System.Globalization;
using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

public sealed class WhisperBenchmarkTests
{
    [Fact]
    public void WriteTo_GermanCulture_WritesInvariantFigures()
    {
        // Arrange
        var result = new WhisperBenchmarkResult(
            "models/x.bin", 77_705_316, new WhisperHyperParameters(51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1), 2,
            EncoderMedianMs: 512.34, EncoderMinMs: 500.01, EncoderCpuMs: 990.5, CrossAttentionMs: 40.26,
            DecoderMsPerToken: 3.456, RealTimeFactor: 0.0421, PeakWorkingSetBytes: 150_000_000, CpuFeatures: "AVX2, FMA",
            BaselineWorkingSetBytes: 40_000_000, DecoderCpuMsPerToken: 6.5, LogitsMsPerToken: 1.25, Phases: [new WhisperMemoryPhase("load", 60_000_000, 61_000_000, 4_500_000, 6_260_000)]);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var culture = CultureInfo.CurrentCulture;

        // Act
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            result.WriteTo(writer);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        // Assert
        Assert.Equal(
            """
            model        models/x.bin (77.7 MB, ftype 1, state 384, 6 heads, 4+4 layers)
            threads      2
            cpu          AVX2, FMA
            encoder      512.3 ms median, 500.0 ms min per 30 s window (process cpu 990.5 ms)
            cross k/v    40.3 ms per window
            decoder      3.46 ms/token (process cpu 6.50 ms; logits projection alone 1.25 ms)
            rtf          0.042 (60 s clip, 2 windows)
            peak ws      150.0 MB (1.93 x file)
            baseline     40.0 MB working set before loading (runtime and host)
            engine peak  110.0 MB = peak - baseline (1.42 x file)
              load        ws    60.0 MB, peak so far    61.0 MB, managed heap    4.5 MB (committed    6.3 MB)

            """.ReplaceLineEndings(writer.NewLine),
            writer.ToString());
    }
}
