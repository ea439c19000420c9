using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Whisper;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Speech.Whisper;

public sealed class WhisperTranscriberTests
{
    private static string RandomModel => RepoPaths.SharedFile("whisper", "models", "random-tiny.en.bin");

    [Fact]
    public void Constructor_MissingModel_ThrowsTranscriptionExceptionNamingFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-ggml-model.bin");

        var ex = Assert.Throws<TranscriptionException>(() => new WhisperTranscriber(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TranscribeAsync_RandomModel_TranscriptWithWordsInsideClipAsync()
    {
        var options = new WhisperTranscriberOptions { BeamSize = 1, TemperatureFallback = false, Threads = 2, MaxTokensPerWindow = 16 };
        await using var transcriber = new WhisperTranscriber(RandomModel, options);
        var clip = new AudioClip(LoadJfk(), "jfk.wav");

        var transcript = await transcriber.TranscribeAsync(clip, CancellationToken.None);

        Assert.Equal("whisper random-tiny.en (managed)", transcriber.EngineName);
        Assert.Equal(transcriber.EngineName, transcript.Engine);
        Assert.All(transcript.Segments, s => Assert.InRange(s.End, s.Start, clip.Duration));
        Assert.All(transcript.Words, w => Assert.InRange(w.End, w.Start, clip.Duration));
        Assert.All(transcript.Words, w => Assert.False(string.IsNullOrWhiteSpace(w.Text)));
    }

    private static float[] LoadJfk() => VoiceCoach.Tests.Whisper.WhisperGolden.Samples("jfk");
}
