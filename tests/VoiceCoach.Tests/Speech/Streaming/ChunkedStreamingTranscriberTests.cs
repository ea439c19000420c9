using VoiceCoach.Audio;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Streaming;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Speech.Streaming;

/// <summary>The adapter that makes any transcriber (Whisper) stream: speech chunks at pauses, times on the stream's clock.</summary>
public sealed class ChunkedStreamingTranscriberTests
{
    [Fact]
    public async Task Complete_TwoUtterancesWithAPause_TranscribesEachChunkOnceWithStreamTimes()
    {
        using var vad = SileroVad.Load(RepoPaths.InRepo("models", ModelLocator.VadModelName));
        var speech = AudioFileReader.ReadClip(RepoPaths.SharedFile("speech", "ljspeech", "LJ001-0002.wav")).Samples;
        var audio = new float[16000].Concat(speech).Concat(new float[16000 * 2]).Concat(speech).Concat(new float[8000]).ToArray();
        var inner = new RecordingTranscriber();
        var streaming = new ChunkedStreamingTranscriber(inner, vad);

        await using var stream = streaming.Start("test");
        for (var i = 0; i < audio.Length; i += 320)
        {
            stream.Push(audio.AsSpan(i, Math.Min(320, audio.Length - i)));
        }

        var transcript = await stream.CompleteAsync(CancellationToken.None);

        Assert.Equal(2, inner.Clips.Count);
        Assert.All(inner.Clips, c => Assert.InRange(c.Duration.TotalSeconds, (speech.Length / 16000.0) - 0.5, (speech.Length / 16000.0) + 0.8));
        Assert.Equal("fake", transcript.Engine);
        var words = transcript.Words;
        Assert.Equal(2, words.Count);
        var secondStart = (16000 + speech.Length + 32000) / 16000.0;
        Assert.InRange(words[0].Start.TotalSeconds, 0.7, 1.1);
        Assert.InRange(words[1].Start.TotalSeconds, secondStart - 0.3, secondStart + 0.3);
    }

    [Fact]
    public async Task Complete_SilenceOnly_NeverCallsTheTranscriber()
    {
        using var vad = SileroVad.Load(RepoPaths.InRepo("models", ModelLocator.VadModelName));
        var inner = new RecordingTranscriber();
        await using var stream = new ChunkedStreamingTranscriber(inner, vad).Start("silence");
        stream.Push(new float[16000 * 3]);

        var transcript = await stream.CompleteAsync(CancellationToken.None);

        Assert.Empty(inner.Clips);
        Assert.Empty(transcript.Segments);
    }

    /// <summary>Returns one word at the start of speech in each clip (found by energy) and records the clips.</summary>
    private sealed class RecordingTranscriber : ITranscriber
    {
        public List<AudioClip> Clips { get; } = [];

        public string EngineName => "fake";

        public Task<Transcript> TranscribeAsync(AudioClip clip, CancellationToken cancellationToken)
        {
            Clips.Add(clip);
            var first = Array.FindIndex(clip.Samples, s => Math.Abs(s) > 0.02f);
            var start = TimeSpan.FromSeconds(Math.Max(0, first) / 16000.0);
            var word = new TimedWord("word", start, start + TimeSpan.FromSeconds(0.3));
            return Task.FromResult(new Transcript(EngineName, [new TranscriptSegment(word.Start, word.End, "word", [word])]));
        }
    }
}
