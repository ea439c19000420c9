using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper.Mel;

public sealed class LogMelSpectrogramTests
{
    public static TheoryData<string> Inputs() => [.. WhisperGolden.Inputs];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void ComputeLogMel_GoldenInput_MatchesOpenAiWithin1e3(string input)
    {
        // Arrange
        using var model = WhisperModel.Load(WhisperGolden.Model());
        var samples = WhisperGolden.PaddedSamples(input);
        var expected = WhisperGolden.Mel(input);

        // Act
        var mel = model.ComputeLogMel(samples, threads: 2);

        // Assert
        var frames = samples.Length / 160;
        var maxDelta = 0f;
        for (var m = 0; m < 80; m++)
        {
            for (var t = 0; t < 3000; t++)
            {
                maxDelta = MathF.Max(maxDelta, MathF.Abs(mel[(m * frames) + t] - expected[(m * 3000) + t]));
            }
        }

        Assert.True(maxDelta <= 1e-3f, $"{input}: max |Δ| {maxDelta}");
    }

    [Fact]
    public void ComputeLogMel_ShortInput_GivesSamplesOver160Frames()
    {
        // Arrange
        using var model = WhisperModel.Load(WhisperGolden.Model());
        var samples = new float[16000 + 100];

        // Act
        var mel = model.ComputeLogMel(samples);

        // Assert
        Assert.Equal(80 * 100, mel.Length);
    }

    [Theory]
    [InlineData(16000 + 37, 480_000)]
    [InlineData(150, 480_000)]
    [InlineData(1, 999)]
    [InlineData(3200, 0)]
    public void ComputeLogMel_TrailingSilence_EqualsTheMelOfAZeroPaddedCopy(int clipSamples, int silence)
    {
        // The end frames reflect across the clip's end into the silence (and, for very short clips, back again):
        // reading the clip in place must give exactly what the padded copy gives.
        using var model = WhisperModel.Load(WhisperGolden.Model());
        var random = new Random(7);
        var clip = Enumerable.Range(0, clipSamples).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var padded = new float[clipSamples + silence];
        clip.CopyTo(padded, 0);

        // Act
        var inPlace = model.ComputeLogMel(clip, silence, threads: 2);
        var copied = model.ComputeLogMel(padded, threads: 2);

        // Assert
        Assert.Equal(copied, inPlace);
    }
}
