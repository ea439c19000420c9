using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Tests.Audio.Vad;

public sealed class VadBenchmarkTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    private readonly SileroVad _vad = fixture.Vad;

    [Fact]
    public void Run_TwoRepetitionsOfOneSecond_ReportsTwoSecondsOfAudio()
    {
        // Arrange: figures only; speed is printed by the bench command, never asserted.
        var clip = new AudioClip(new float[AudioClip.SampleRate]);

        // Act
        var result = VadBenchmark.Run(_vad, clip, repetitions: 2, warmup: 0);

        // Assert
        Assert.Equal(2.0, result.AudioSeconds, 9);
        Assert.True(result.Elapsed > TimeSpan.Zero);
        Assert.True(result.RealTimeFactor > 0);
    }
}
