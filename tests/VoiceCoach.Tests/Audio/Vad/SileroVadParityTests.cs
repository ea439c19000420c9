using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;
using Xunit.Abstractions;

namespace VoiceCoach.Tests.Audio.Vad;

/// <summary>Parity with whisper.cpp 1.9.3's Silero VAD on every golden file: probabilities within 0.01, identical segments.</summary>
public sealed class SileroVadParityTests(SileroVadFixture fixture, ITestOutputHelper output) : IClassFixture<SileroVadFixture>
{
    private readonly SileroVad _vad = fixture.Vad;
    private readonly ITestOutputHelper _output = output;

    public static IEnumerable<object[]> Goldens => VadGolden.Names();

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Detect_GoldenInput_ProbabilitiesWithinOneHundredth(string name)
    {
        // Arrange
        var golden = VadGolden.Load(name);
        var samples = TestWav.Read(golden.WavPath);

        // Act
        var result = _vad.Detect(new AudioClip(samples, golden.WavPath), golden.Options);

        // Assert
        Assert.Equal(golden.SampleCount, samples.Length);
        Assert.Equal(golden.Probabilities.Length, result.Probabilities.Count);
        var maxDelta = 0f;
        var at = -1;
        for (var i = 0; i < golden.Probabilities.Length; i++)
        {
            var d = Math.Abs(golden.Probabilities[i] - result.Probabilities[i]);
            if (d > maxDelta)
            {
                maxDelta = d;
                at = i;
            }
        }

        _output.WriteLine($"{name}: max |dprob| = {maxDelta:F5} at window {at}");
        Assert.True(maxDelta <= 0.01f, $"{name}: max |dprob| {maxDelta:F5} at window {at} (ref {(at >= 0 ? golden.Probabilities[at] : 0):F5})");
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Detect_GoldenInput_SegmentsIdentical(string name)
    {
        // Arrange
        var golden = VadGolden.Load(name);
        var samples = TestWav.Read(golden.WavPath);

        // Act
        var result = _vad.Detect(new AudioClip(samples, golden.WavPath), golden.Options);

        // Assert
        var actual = result.Segments.Select(s => $"[{s.StartCentiseconds}, {s.EndCentiseconds}]");
        var expected = golden.SegmentsCs.Select(s => $"[{s[0]}, {s[1]}]");
        Assert.Equal(string.Join(" ", expected), string.Join(" ", actual));
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void FromProbabilities_GoldenProbabilities_SegmentsIdentical(string name)
    {
        // Arrange: the reference's own probabilities isolate the segment logic from the network.
        var golden = VadGolden.Load(name);

        // Act
        var segments = VadSegmenter.FromProbabilities(golden.Probabilities, golden.Options);

        // Assert
        var actual = segments.Select(s => $"[{s.StartCentiseconds}, {s.EndCentiseconds}]");
        var expected = golden.SegmentsCs.Select(s => $"[{s[0]}, {s[1]}]");
        Assert.Equal(string.Join(" ", expected), string.Join(" ", actual));
    }
}
