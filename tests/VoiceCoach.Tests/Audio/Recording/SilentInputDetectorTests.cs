using VoiceCoach.Audio.Recording;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Tests.Audio.Recording;

public sealed class SilentInputDetectorTests
{
    [Fact]
    public void Observe_ThreeSecondsOfDigitalSilence_ReportsOnceAtThreeSeconds()
    {
        var detector = new SilentInputDetector();
        var reportedAt = new List<TimeSpan>();

        foreach (var frame in Frames(new float[16000 * 5]))
        {
            if (detector.Observe(frame))
            {
                reportedAt.Add(frame.Timestamp + frame.Duration);
            }
        }

        Assert.Equal([TimeSpan.FromSeconds(3)], reportedAt);
        Assert.True(detector.IsSilent);
        Assert.Equal("no input for 3 s: is the microphone muted? `voicecoach devices` lists inputs", detector.Message);
    }

    [Fact]
    public void Observe_QuietRoomNoise_IsNotSilence()
    {
        var detector = new SilentInputDetector();
        var noise = new float[16000 * 5];
        var random = new Random(3);
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)((random.NextDouble() - 0.5) * 0.01); // about -50 dBFS peak
        }

        Assert.DoesNotContain(Frames(noise), detector.Observe);
    }

    [Fact]
    public void Observe_SoundThenSilence_CountsFromTheLastSound()
    {
        var detector = new SilentInputDetector();
        var signal = new float[16000 * 6];
        signal[16000 * 2] = 0.5f; // a click at 2 s restarts the count
        var reportedAt = new List<TimeSpan>();

        foreach (var frame in Frames(signal))
        {
            if (detector.Observe(frame))
            {
                reportedAt.Add(frame.Timestamp + frame.Duration);
            }
        }

        Assert.Single(reportedAt);
        Assert.InRange(reportedAt[0].TotalSeconds, 5.0, 5.03);
    }

    private static IEnumerable<AudioFrame> Frames(float[] signal)
    {
        for (var at = 0; at < signal.Length; at += 320)
        {
            yield return new AudioFrame(signal.AsSpan(at, 320).ToArray(), TimeSpan.FromSeconds(at / 16000.0));
        }
    }
}
