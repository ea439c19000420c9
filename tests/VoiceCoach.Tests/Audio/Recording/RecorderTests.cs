using VoiceCoach.Audio;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Recording;

public sealed class RecorderTests
{
    [Fact]
    public async Task RecordAsync_SourceEnds_WritesEverySampleToAValidWavAsync()
    {
        using var dir = new TempDirectory();
        var signal = Signals.Sine(440, 16000, 16000 * 2, amplitude: 0.5);
        var path = dir.File("answer.wav");

        var result = await Recorder.RecordAsync(new FakeAudioSource(signal), path);

        Assert.Equal(TimeSpan.FromSeconds(2), result.Duration);
        Assert.False(result.Cancelled);
        Assert.Null(result.SilenceWarning);
        Assert.Equal(0.5f, result.Peak, 1e-3f);
        var back = AudioFileReader.ReadClip(path).Samples;
        Assert.Equal(signal.Length, back.Length);
        Assert.True(Signals.Correlation(signal, back) > 0.99999);
        Assert.False(WavRepair.Inspect(path).NeedsRepair);
    }

    [Fact]
    public async Task RecordAsync_MaxDuration_StopsExactlyThereAsync()
    {
        using var dir = new TempDirectory();
        var path = dir.File("answer.wav");

        var result = await Recorder.RecordAsync(new FakeAudioSource(new float[16000 * 10]), path, new RecorderOptions { MaxDuration = TimeSpan.FromSeconds(1.005) });

        Assert.Equal(16080, AudioFileReader.ReadClip(path).Samples.Length);
        Assert.Equal(TimeSpan.FromSeconds(1.005), result.Duration);
    }

    [Fact]
    public async Task RecordAsync_Cancelled_ReturnsTheCompleteFileInsteadOfThrowingAsync()
    {
        using var dir = new TempDirectory();
        var path = dir.File("answer.wav");
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Recorded >= TimeSpan.FromSeconds(1))
            {
                cts.Cancel();
            }
        });

        var result = await Recorder.RecordAsync(new FakeAudioSource(Signals.Sine(300, 16000, 16000 * 2), endless: true), path, progress: progress, cancellationToken: cts.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(result.Duration, AudioFileReader.Read(path).Info.Duration);
        Assert.InRange(result.Duration.TotalSeconds, 1.0, 1.1);
    }

    [Fact]
    public async Task RecordAsync_MutedMicrophone_ReportsTheWarningInProgressAndResultAsync()
    {
        using var dir = new TempDirectory();
        var warnings = new List<string?>();

        var result = await Recorder.RecordAsync(
            new FakeAudioSource(new float[16000 * 4]),
            dir.File("muted.wav"),
            progress: new SynchronousProgress(p => warnings.Add(p.Warning)));

        Assert.Equal(new SilentInputDetector().Message, result.SilenceWarning);
        Assert.Null(warnings[0]);
        Assert.Equal(result.SilenceWarning, warnings[^1]);
    }

    [Fact]
    public async Task RecordAsync_DeviceFailsBeforeAnyAudio_ThrowsAndLeavesNoFileAsync()
    {
        using var dir = new TempDirectory();
        var path = dir.File("never.wav");

        var error = await Assert.ThrowsAsync<AudioDeviceException>(() => Recorder.RecordAsync(new FailingAudioSource(), path));

        Assert.Equal("hw:9: cannot open for capture (No such device); `voicecoach devices` lists the devices", error.Message);
        Assert.False(File.Exists(path));
    }

    private sealed class FailingAudioSource : IAudioSource
    {
        public string Name => "hw:9";

        public AudioLevel Level => AudioLevel.Silent;

        public async IAsyncEnumerable<AudioFrame> CaptureAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            // Fails on the first MoveNextAsync, like a device that cannot be opened.
            await Task.Yield();
            if (Name.Length > 0)
            {
                throw new AudioDeviceException(Name, "cannot open for capture (No such device)", "`voicecoach devices` lists the devices");
            }

            yield break;
        }
    }

    /// <summary>IProgress that runs on the reporting thread (Progress&lt;T&gt; posts asynchronously).</summary>
    private sealed class SynchronousProgress(Action<RecordingProgress> report) : IProgress<RecordingProgress>
    {
        public void Report(RecordingProgress value) => report(value);
    }
}
