using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Vad;

public sealed class SileroVadTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    private readonly SileroVad _vad = fixture.Vad;

    [Fact]
    public void Detect_Silence2s_NoSpeech()
    {
        // Arrange
        var path = RepoPaths.SharedFile("whisper", "golden", "inputs", "silence-2s.wav");
        var clip = new AudioClip(TestWav.Read(path), path);

        // Act
        var result = _vad.Detect(clip);

        // Assert
        Assert.False(result.HasSpeech);
        Assert.Empty(result.Segments);
        Assert.Null(result.SpokenStart);
        Assert.Equal(TimeSpan.Zero, result.SpokenDuration);
        Assert.False(_vad.ContainsSpeech(clip));
    }

    [Fact]
    public void ContainsSpeech_DigitalSilence_False()
    {
        // Arrange
        var clip = new AudioClip(new float[5 * AudioClip.SampleRate]);

        // Act
        var any = _vad.ContainsSpeech(clip);

        // Assert
        Assert.False(any);
    }

    [Fact]
    public void ContainsSpeech_Jfk_True()
    {
        // Arrange
        var clip = new AudioClip(TestWav.Read(RepoPaths.SharedFile("whisper", "golden", "inputs", "jfk.wav")));

        // Act
        var any = _vad.ContainsSpeech(clip);

        // Assert
        Assert.True(any);
    }

    [Fact]
    public void Detect_Jfk_SpokenSpanTrimsLeadingAndTrailingSilence()
    {
        // Arrange
        var clip = new AudioClip(TestWav.Read(RepoPaths.SharedFile("whisper", "golden", "inputs", "jfk.wav")));

        // Act
        var result = _vad.Detect(clip);

        // Assert: golden segments run from 0.32 s to 10.62 s of an 11 s clip.
        Assert.Equal(TimeSpan.FromSeconds(11), result.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(320), result.SpokenStart);
        Assert.Equal(TimeSpan.FromMilliseconds(10_620), result.SpokenEnd);
        Assert.Equal(TimeSpan.FromMilliseconds(10_300), result.SpokenDuration);
    }

    [Fact]
    public void Detect_EmptyClip_NoProbabilitiesNoSpeech()
    {
        // Arrange
        var clip = new AudioClip([]);

        // Act
        var result = _vad.Detect(clip);

        // Assert
        Assert.Empty(result.Probabilities);
        Assert.False(result.HasSpeech);
    }

    [Fact]
    public void Load_GoldenModel_ReadsHeader()
    {
        // Arrange, Act
        using var vad = SileroVad.Load(VadGolden.ModelPath);

        // Assert
        Assert.Equal("6.2.0", vad.Version);
        Assert.Equal(512, vad.WindowSamples);
        Assert.Equal(TimeSpan.FromMilliseconds(32), vad.WindowDuration);
    }

    [Fact]
    public void CreateSession_AfterDispose_Throws()
    {
        // Arrange
        var vad = SileroVad.Load(VadGolden.ModelPath);
        vad.Dispose();

        // Act, Assert
        Assert.Throws<ObjectDisposedException>(() => vad.CreateSession());
    }
}
