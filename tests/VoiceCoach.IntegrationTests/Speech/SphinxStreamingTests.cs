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
