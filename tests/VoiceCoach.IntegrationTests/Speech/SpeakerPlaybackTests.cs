using System.Runtime.InteropServices;
using VoiceCoach.Audio.Speech;
using VoiceCoach.IntegrationTests.Audio;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>A spoken question played through the virtual ALSA speaker (a `type file` PCM).</summary>
public sealed class SpeakerPlaybackTests(VirtualAlsa alsa, ITestOutputHelper output) : IClassFixture<VirtualAlsa>
{
    [SpeakFact("espeak-ng")]
    public async Task SpeakAsync_VirtualSpeaker_PlaysTheSynthesizedClip()
    {
        const string question = "What is the hardest bug you have fixed?";
        var expected = (await SpeechSynthesizers.Create(EspeakSynthesizer.EngineName).SynthesizeAsync(question)).Samples;

        var (exit, stdout, stderr) = alsa.RunHost("speak", EspeakSynthesizer.EngineName, "vspk", question);

        Assert.True(exit == 0, stderr);
        Assert.Equal("spoken\tespeak-ng → vspk", stdout.Trim());
        var played = MemoryMarshal.Cast<byte, short>(File.ReadAllBytes(alsa.SpeakerFile).AsSpan()).ToArray().Select(s => s / 32768f).ToArray();
        Assert.InRange(played.Length, expected.Length, expected.Length + 16000);
        var (lag, correlation) = Signals.BestLag(expected, played, 200);
        output.WriteLine($"played {played.Length} samples, lag {lag}, correlation {correlation:F6}");
        Assert.Equal(0, lag);
        Assert.True(correlation >= 0.999, $"correlation {correlation}");
    }
}
