using VoiceCoach.Audio.Speech;
using VoiceCoach.Core.Audio;

using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Speech;

public sealed class SpeakerTests
{
    private static readonly AudioClip Clip = new(Signals.Sine(220, AudioClip.SampleRate, 8000), "fake");

    [Fact]
    public async Task SpeakAsync_Question_PlaysWhatTheSynthesizerProduced()
    {
        var synthesizer = new FixedSpeechSynthesizer(Clip);
        var sink = new RecordingAudioSink();
        var speaker = new Speaker(synthesizer, sink);

        await speaker.SpeakAsync("Tell me about yourself.");

        Assert.Equal(["Tell me about yourself."], synthesizer.Texts);
        Assert.Same(Clip, Assert.Single(sink.Played));
    }

    [Fact]
    public async Task SpeakAsync_PlaybackStillRunning_DoesNotComplete()
    {
        var playback = new TaskCompletionSource();
        var sink = new RecordingAudioSink { Gate = playback.Task };
        var speaker = new Speaker(new FixedSpeechSynthesizer(Clip), sink);

        var speaking = speaker.SpeakAsync("Why this company?");
        await Task.Delay(50);
        var completedWhilePlaying = speaking.IsCompleted;
        playback.SetResult();
        await speaking;

        Assert.False(completedWhilePlaying);
        Assert.Single(sink.Played);
    }

    [Fact]
    public async Task SpeakAsync_CancelledDuringPlayback_Throws()
    {
        var sink = new RecordingAudioSink { Gate = new TaskCompletionSource().Task };
        var speaker = new Speaker(new FixedSpeechSynthesizer(Clip), sink);
        using var cts = new CancellationTokenSource();

        var speaking = speaker.SpeakAsync("Walk me through a project.", cts.Token);
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => speaking);
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Single(sink.Played);
    }

    [Fact]
    public async Task SpeakAsync_CancelledDuringSynthesis_ThrowsAndPlaysNothing()
    {
        var synthesizer = new FixedSpeechSynthesizer(Clip) { Gate = new TaskCompletionSource().Task };
        var sink = new RecordingAudioSink();
        var speaker = new Speaker(synthesizer, sink);
        using var cts = new CancellationTokenSource();

        var speaking = speaker.SpeakAsync("Walk me through a project.", cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => speaking);
        Assert.Empty(sink.Played);
    }

    [Fact]
    public async Task SpeakAsync_AlreadyCancelled_DoesNotSynthesize()
    {
        var synthesizer = new FixedSpeechSynthesizer(Clip);
        var sink = new RecordingAudioSink();
        var speaker = new Speaker(synthesizer, sink);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => speaker.SpeakAsync("Hello.", new CancellationToken(canceled: true)));

        Assert.Empty(synthesizer.Texts);
        Assert.Empty(sink.Played);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t")]
    public async Task SpeakAsync_BlankText_PlaysNothing(string text)
    {
        var synthesizer = new FixedSpeechSynthesizer(Clip);
        var sink = new RecordingAudioSink();

        await new Speaker(synthesizer, sink).SpeakAsync(text);

        Assert.Empty(synthesizer.Texts);
        Assert.Empty(sink.Played);
    }

    [Fact]
    public void Name_Always_NamesVoiceAndOutput()
    {
        var speaker = new Speaker(new FixedSpeechSynthesizer(Clip), new RecordingAudioSink());

        var name = speaker.Name;

        Assert.Equal("fake voice → fake sink", name);
    }

    [Fact]
    public async Task SilentSpeaker_SpeakAsync_CompletesAtOnce()
    {
        var speaking = SilentSpeaker.Instance.SpeakAsync("Tell me about yourself.");

        Assert.True(speaking.IsCompletedSuccessfully);
        await speaking;
    }

    [Fact]
    public async Task SilentSpeaker_Cancelled_Throws()
    {
        var speaking = SilentSpeaker.Instance.SpeakAsync("Tell me about yourself.", new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => speaking);
    }
}
