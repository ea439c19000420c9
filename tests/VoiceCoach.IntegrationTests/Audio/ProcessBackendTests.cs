using VoiceCoach.Audio;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Audio;

/// <summary>The recorder-process backend driving real recorders (arecord, sox) against the virtual ALSA microphone.</summary>
public sealed class ProcessBackendTests(VirtualAlsa alsa, ITestOutputHelper output) : IClassFixture<VirtualAlsa>
{
    [Theory]
    [InlineData("arecord")]
    [InlineData("sox")]
    public void Record_ThroughRecorderProcess_MatchesTheSource(string tool)
    {
        var wav = Path.Combine(alsa.Directory, tool + ".wav");

        var (exit, _, stderr) = alsa.RunHost("record-process", tool, "vmic16", wav, "11");

        Assert.True(exit == 0, stderr);
        var recorded = AudioFileReader.ReadClip(wav).Samples;
        Assert.Equal(alsa.Jfk.Length, recorded.Length);
        var (lag, correlation) = Signals.BestLag(alsa.Jfk, recorded, 200);
        output.WriteLine($"{tool}: lag {lag}, correlation {correlation:F6}");
        Assert.True(correlation >= 0.99, $"correlation {correlation} at lag {lag}");
    }
}
