using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Vad;

public sealed class EndOfAnswerDetectorTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    private readonly SileroVad _vad = fixture.Vad;

    private static float[] Jfk() => TestWav.Read(RepoPaths.SharedFile("whisper", "golden", "inputs", "jfk.wav"));

    [Fact]
    public void Observe_JfkThenTwoSecondsOfSilence_FiresTrailingSilenceAfterLastSpeech()
    {
        // Arrange: jfk (11 s, speech ends at 10.59 s) + 2 s of silence, streamed in 100 ms frames.
        var samples = Jfk().Concat(new float[2 * AudioClip.SampleRate]).ToArray();
        var session = _vad.CreateSession();
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = TimeSpan.FromMilliseconds(1500) });
        TimeSpan? firedAtSample = null;

        // Act
        for (var offset = 0; offset < samples.Length && firedAtSample is null; offset += 1600)
        {
            var frame = samples.AsSpan(offset, Math.Min(1600, samples.Length - offset));
            if (detector.Observe(session.Push(frame)))
            {
                firedAtSample = TimeSpan.FromSeconds((offset + frame.Length) / (double)AudioClip.SampleRate);
            }
        }

        // Assert: jfk's pauses (about 1 s) do not end the answer; 1.5 s after the last word does.
        Assert.True(detector.IsEnded);
        var lastSpeech = detector.LastSpeechEnd!.Value;
        Assert.InRange(lastSpeech.TotalSeconds, 10.45, 10.65);
        Assert.InRange((detector.EndedAt!.Value - lastSpeech).TotalSeconds, 1.5, 1.5 + 0.032);
        Assert.InRange(firedAtSample!.Value.TotalSeconds, 12.0, 12.25);
    }

    [Fact]
    public void Observe_JfkAlone_DoesNotFire()
    {
        // Arrange
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = TimeSpan.FromMilliseconds(1500) });

        // Act
        var ended = detector.Observe(_vad.ComputeProbabilities(Jfk()));

        // Assert
        Assert.False(ended);
        Assert.True(detector.SpeechDetected);
    }

    [Fact]
    public void Observe_SilenceOnly_NeverFires()
    {
        // Arrange
        var detector = new EndOfAnswerDetector();

        // Act
        var ended = detector.Observe(Enumerable.Repeat(0.01f, 1000));

        // Assert
        Assert.False(ended);
        Assert.False(detector.SpeechDetected);
    }

    [Fact]
    public void Observe_SpeechShorterThanMinimum_DoesNotFire()
    {
        // Arrange: 5 windows (160 ms) of speech, minimum 250 ms.
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = TimeSpan.FromMilliseconds(320) });
        var probabilities = Enumerable.Repeat(0.9f, 5).Concat(Enumerable.Repeat(0.05f, 100));

        // Act
        var ended = detector.Observe(probabilities);

        // Assert
        Assert.False(ended);
    }

    [Fact]
    public void Observe_SpeechThenSilence_FiresAfterExactlyTheTrailingSilence()
    {
        // Arrange: 10 windows of speech, then silence; 320 ms = 10 windows of 32 ms.
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = TimeSpan.FromMilliseconds(320) });
        var speech = Enumerable.Repeat(0.9f, 10);

        // Act
        detector.Observe(speech);
        var afterNine = detector.Observe(Enumerable.Repeat(0.05f, 9));
        var afterTen = detector.Observe(0.05f);

        // Assert
        Assert.False(afterNine);
        Assert.True(afterTen);
        Assert.Equal(TimeSpan.FromMilliseconds(320), detector.LastSpeechEnd);
        Assert.Equal(TimeSpan.FromMilliseconds(640), detector.EndedAt);
    }

    [Fact]
    public void Observe_AmbiguousProbabilitiesInsideSpeech_KeepSpeaking()
    {
        // Arrange: between 0.35 and 0.5 is neither new speech nor the end of speech (hysteresis).
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = TimeSpan.FromMilliseconds(320) });

        // Act
        detector.Observe(Enumerable.Repeat(0.9f, 10));
        var ended = detector.Observe(Enumerable.Repeat(0.4f, 50));

        // Assert
        Assert.False(ended);
        Assert.Null(detector.LastSpeechEnd);
    }

    [Fact]
    public void Reset_AfterEnd_StartsOver()
    {
        // Arrange
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = TimeSpan.FromMilliseconds(64) });
        detector.Observe(Enumerable.Repeat(0.9f, 10).Concat(Enumerable.Repeat(0.05f, 5)));

        // Act
        detector.Reset();

        // Assert
        Assert.False(detector.IsEnded);
        Assert.Equal(0, detector.WindowsObserved);
        Assert.False(detector.SpeechDetected);
    }

    [Fact]
    public void Observe_ShortBurstInsideTrailingSilence_DoesNotRestartTheSilence()
    {
        // Arrange: speech, 5 windows of silence, a 3-window burst (96 ms < 250 ms), silence.
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = TimeSpan.FromMilliseconds(320) });
        detector.Observe(Enumerable.Repeat(0.9f, 20).Concat(Enumerable.Repeat(0.05f, 5)).Concat(Enumerable.Repeat(0.9f, 3)));

        // Act
        var ended = detector.Observe(Enumerable.Repeat(0.05f, 2));

        // Assert: silence began at window 20 (640 ms); 10 windows later the answer is over.
        Assert.True(ended);
        Assert.Equal(TimeSpan.FromMilliseconds(640), detector.LastSpeechEnd);
        Assert.Equal(TimeSpan.FromMilliseconds(960), detector.EndedAt);
    }

    [Fact]
    public void Observe_LongBurstInsideTrailingSilence_ResumesTheAnswer()
    {
        // Arrange: speech, 5 windows of silence, 8 windows (256 ms) of speech again.
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = TimeSpan.FromMilliseconds(320) });
        detector.Observe(Enumerable.Repeat(0.9f, 20).Concat(Enumerable.Repeat(0.05f, 5)).Concat(Enumerable.Repeat(0.9f, 8)));

        // Act
        var endedSoon = detector.Observe(Enumerable.Repeat(0.05f, 9));
        var endedLater = detector.Observe(0.05f);

        // Assert: the silence is counted again from window 33.
        Assert.False(endedSoon);
        Assert.True(endedLater);
        Assert.Equal(TimeSpan.FromMilliseconds(33 * 32), detector.LastSpeechEnd);
    }
}
