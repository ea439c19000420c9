using VoiceCoach.Core.Audio;
using VoiceCoach.Speech.Sphinx;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>Real PocketSphinx on real speech from ../shared/speech.</summary>
public sealed class SphinxTranscriberTests(SphinxFixture fixture) : IClassFixture<SphinxFixture>
{
    [SphinxFact]
    public async Task TranscribeAsync_JfkSpeechOnFreshDecoder_RecognisesKeyWords()
    {
        // A fresh decoder: before each clip started from the initial cepstral mean (SphinxOptions.ResetCepstralMean),
        // the shared one carried the mean of earlier clips over, and jfk.wav's words then varied with test order.
        var clip = await LoadAsync("jfk", "jfk.wav");
        using var transcriber = SphinxTranscriber.Create();

        var transcript = await transcriber.TranscribeAsync(clip, CancellationToken.None);

        var words = transcript.Words.Select(w => w.Text).ToList();
        Assert.Contains("country", words);
        Assert.Contains("can", words);
        Assert.Contains("you", words);
    }

    [SphinxFact]
    public async Task TranscribeAsync_SameClipTwiceOnOneDecoder_SameTranscriptBothTimes()
    {
        // PocketSphinx's running cepstral mean moved with every clip, so the second decode of this noisy clip came out
        // differently from the first; each clip now starts from the decoder's initial mean.
        var clip = await LoadAsync("jfk", "jfk.wav");
        using var transcriber = SphinxTranscriber.Create();

        var first = await transcriber.TranscribeAsync(clip, CancellationToken.None);
        var second = await transcriber.TranscribeAsync(clip, CancellationToken.None);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Words.Select(w => (w.Start, w.End)), second.Words.Select(w => (w.Start, w.End)));
    }

    [SphinxFact]
    public void ForDecoder_DebianLibrary_FindsTheModelsInitialMean()
    {
        // The reset reaches the mean through sphinxbase's struct layout; a library whose layout differs must be caught here.
        using var transcriber = SphinxTranscriber.Create();

        var mean = transcriber.CepstralMean;

        Assert.NotNull(mean);
        Assert.Equal(41.00f, mean.Initial[0], 0.01f);
        Assert.Equal(mean.Initial, mean.Current());
    }

    [SphinxFact]
    public async Task TranscribeAsync_GoForward_RecognisesTheCommand()
    {
        var clip = await LoadAsync("pocketsphinx", "goforward.wav");

        var transcript = await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None);

        Assert.Contains("forward", transcript.Text, StringComparison.Ordinal);
        Assert.Contains("ten", transcript.Text, StringComparison.Ordinal);
    }

    [SphinxFact]
    public async Task TranscribeAsync_JfkSpeech_WordTimesAreMonotonicAndInsideTheClip()
    {
        var clip = await LoadAsync("jfk", "jfk.wav");

        var transcript = await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None);

        var words = transcript.Words;
        Assert.True(words.Count >= 10, $"only {words.Count} words: {transcript.Text}");
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].Start, TimeSpan.Zero, clip.Duration);
            Assert.InRange(words[i].End, words[i].Start, clip.Duration);
            Assert.InRange(words[i].Duration, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2));
            Assert.InRange(words[i].Confidence ?? -1, 0.0, 1.0);
            if (i > 0)
            {
                Assert.True(words[i].Start >= words[i - 1].End, $"'{words[i].Text}' starts at {words[i].Start} before '{words[i - 1].Text}' ends at {words[i - 1].End}");
            }
        }

        // Segments are in time order and hold their words.
        Assert.All(transcript.Segments, s => Assert.Equal(s.Text, string.Join(' ', s.Words.Select(w => w.Text))));
        Assert.Equal(transcript.Segments.OrderBy(s => s.Start), transcript.Segments);
    }

    [SphinxFact]
    public async Task TranscribeAsync_GoForward_FirstWordStartsAfterTheLeadingSilence()
    {
        // goforward.wav has about half a second of room noise before "go".
        var clip = await LoadAsync("pocketsphinx", "goforward.wav");
        var onset = SpeechOnset(clip);

        var transcript = await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None);

        Assert.InRange(onset, TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(0.8));
        var first = transcript.Words[0];
        Assert.InRange(first.Start, onset - TimeSpan.FromSeconds(0.15), onset + TimeSpan.FromSeconds(0.3));
        Assert.InRange(transcript.Words[^1].End, clip.Duration - TimeSpan.FromSeconds(1.5), clip.Duration);
    }

    [SphinxFact]
    public async Task TranscribeAsync_SameClipTwice_ReusesTheDecoderWithTheSameWords()
    {
        var clip = await LoadAsync("pocketsphinx", "goforward.wav");

        var first = await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None);
        var second = await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None);

        // Same words; times may move by a frame or two because the decoder keeps adapting its
        // cepstral mean (the speaker's channel) from clip to clip, as it should in a session.
        Assert.Equal(first.Text, second.Text);
        Assert.All(first.Words.Zip(second.Words), pair => Assert.InRange((pair.First.Start - pair.Second.Start).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(50)));
    }

    [SphinxFact]
    public async Task TranscribeAsync_ConcurrentCalls_AreSerialisedAndBothSucceed()
    {
        var clip = await LoadAsync("pocketsphinx", "goforward.wav");
        var expected = (await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None)).Text;

        var results = await Task.WhenAll(
            fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None),
            fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None));

        Assert.All(results, r => Assert.Equal(expected, r.Text));
    }

    [SphinxFact]
    public async Task TranscribeAsync_Silence_ReturnsNoWords()
    {
        var clip = new AudioClip(new float[AudioClip.SampleRate * 2], "silence");

        var transcript = await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None);

        Assert.Empty(transcript.Words);
    }

    [SphinxFact]
    public async Task TranscribeAsync_CancelledToken_ThrowsAndLeavesTheDecoderUsable()
    {
        var clip = await LoadAsync("pocketsphinx", "goforward.wav");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Transcriber.TranscribeAsync(clip, cancelled.Token));
        var after = await fixture.Transcriber.TranscribeAsync(clip, CancellationToken.None);

        Assert.Contains("forward", after.Text, StringComparison.Ordinal);
    }

    [SphinxFact]
    public void EngineName_DebianModel_NamesEngineAndModel()
    {
        Assert.Equal("pocketsphinx 5prealpha (en-us)", fixture.Transcriber.EngineName);
    }

    private static Task<AudioClip> LoadAsync(params string[] parts) =>
        SoxClipLoader.LoadAsync(RepoPaths.SharedFile(["speech", .. parts]), CancellationToken.None);

    // First 10 ms window whose RMS reaches a quarter of the loudest window's: where speech starts.
    private static TimeSpan SpeechOnset(AudioClip clip)
    {
        const int window = AudioClip.SampleRate / 100;
        var rms = new List<double>();
        for (var i = 0; i + window <= clip.Samples.Length; i += window)
        {
            rms.Add(Math.Sqrt(clip.Samples.AsSpan(i, window).ToArray().Average(s => s * (double)s)));
        }

        var threshold = rms.Max() / 4;
        return TimeSpan.FromMilliseconds(rms.FindIndex(r => r >= threshold) * 10);
    }
}
