using VoiceCoach.Audio;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Sphinx;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// PocketSphinx fed live (20 ms pushes, as a microphone delivers them) gives exactly the batch transcript, and two
/// streams on the one decoder queue rather than collide. A decoder adapts (cepstral mean) from clip to clip, so
/// "the same transcript" is compared between fresh decoders given the same history.
/// </summary>
public sealed class SphinxStreamingTests
{
    [SphinxFact]
    public async Task Start_PushedInMicrophoneFrames_EqualsTheBatchTranscript()
    {
        var clip = AudioFileReader.ReadClip(RepoPaths.InRepo("samples", "answers", "03-role-cutoff.wav"));
        Transcript batch;
        using (var fresh = SphinxTranscriber.Create())
        {
            batch = await fresh.TranscribeAsync(clip, CancellationToken.None);
        }

        using var sphinx = SphinxTranscriber.Create();
        await using var stream = sphinx.Start(clip.Source);
        for (var i = 0; i < clip.Samples.Length; i += 320)
        {
            stream.Push(clip.Samples.AsSpan(i, Math.Min(320, clip.Samples.Length - i)));
        }

        var live = await stream.CompleteAsync(CancellationToken.None);

        Assert.NotEmpty(batch.Words);
        Assert.Equal(batch.Text, live.Text);
        Assert.Equal(batch.Words, live.Words);
        Assert.Equal(batch.Engine, live.Engine);
    }

    [SphinxFact]
    public async Task Start_TwoStreamsAtOnce_EachGetsItsOwnTranscript()
    {
        var a = AudioFileReader.ReadClip(RepoPaths.SharedFile("speech", "jfk", "jfk.wav"));
        var b = AudioFileReader.ReadClip(RepoPaths.InRepo("samples", "answers", "03-role-cutoff.wav"));
        Transcript expectedA, expectedB;
        using (var fresh = SphinxTranscriber.Create())
        {
            expectedA = await fresh.TranscribeAsync(a, CancellationToken.None);
            expectedB = await fresh.TranscribeAsync(b, CancellationToken.None);
        }

        using var sphinx = SphinxTranscriber.Create();
        await using var first = sphinx.Start("a");
        await using var second = sphinx.Start("b");
        second.Push(b.Samples); // queued while the first stream holds the decoder
        first.Push(a.Samples);
        var textB = second.CompleteAsync(CancellationToken.None);
        var textA = await first.CompleteAsync(CancellationToken.None);

        Assert.Equal(expectedA.Text, textA.Text);
        Assert.Equal(expectedB.Text, (await textB).Text);
    }

    [SphinxFact]
    public async Task Start_SeveralStreams_GetTheDecoderInTheOrderTheyWereStarted()
    {
        // Practice opens the next answer's stream while the last one may still be decoding: the older one must not
        // wait behind the newer (which holds the decoder until its answer ends).
        var clip = AudioFileReader.ReadClip(RepoPaths.SharedFile("speech", "jfk", "jfk.wav"));
        var second = clip.Samples.AsMemory(0, 8000);
        using var sphinx = SphinxTranscriber.Create();
        var streams = new List<ITranscriptionStream>();
        for (var i = 0; i < 8; i++)
        {
            streams.Add(sphinx.Start($"stream {i}"));
        }

        var finished = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var completions = new List<Task>();
        for (var i = streams.Count - 1; i >= 0; i--)
        {
            var index = i;
            streams[i].Push(second.Span);
            completions.Add(streams[i].CompleteAsync(CancellationToken.None).ContinueWith(_ => finished.Enqueue(index), TaskScheduler.Default));
            if (i > 0)
            {
                await Task.Delay(50);
            }
        }

        await Task.WhenAll(completions).WaitAsync(HangGuard.Limit);
        Assert.Equal(Enumerable.Range(0, streams.Count), finished);
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    [SphinxFact]
    public async Task Start_ThenABatchDecode_TheBatchWaitsForTheStreamStartedBeforeIt()
    {
        var clip = AudioFileReader.ReadClip(RepoPaths.SharedFile("speech", "jfk", "jfk.wav"));
        var half = new AudioClip(clip.Samples.AsSpan(0, 8000).ToArray(), "half a second");
        using var sphinx = SphinxTranscriber.Create();
        await using var stream = sphinx.Start("started first");

        var batch = sphinx.TranscribeAsync(half, CancellationToken.None);
        var first = await Task.WhenAny(batch, Task.Delay(TimeSpan.FromSeconds(1.5)));

        Assert.NotSame(batch, first);
        stream.Push(clip.Samples.AsSpan(0, 16000));
        await stream.CompleteAsync(CancellationToken.None);
        await batch.WaitAsync(HangGuard.Limit);
    }

    [SphinxFact]
    public async Task Dispose_BeforeComplete_LeavesTheDecoderUsable()
    {
        var clip = AudioFileReader.ReadClip(RepoPaths.SharedFile("speech", "jfk", "jfk.wav"));
        using var sphinx = SphinxTranscriber.Create();
        var abandoned = sphinx.Start("abandoned");
        abandoned.Push(clip.Samples.AsSpan(0, 16000 * 3));

        await abandoned.DisposeAsync();
        var after = await sphinx.TranscribeAsync(clip, CancellationToken.None);

        Assert.Contains("country", after.Text, StringComparison.Ordinal);
        GC.KeepAlive(typeof(AudioClip));
        GC.KeepAlive(typeof(Transcript));
    }
}
