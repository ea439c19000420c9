using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Recording;

/// <summary>Settings for <see cref="Recorder"/>.</summary>
public sealed class RecorderOptions
{
    /// <summary>Stop after this much audio. Default null: until cancelled.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Silence that triggers the muted-microphone warning. Default 3 s.</summary>
    public TimeSpan SilenceWarningAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Settings of the crash-safe WAV writer (commit interval, fsync).</summary>
    public StreamingWavWriterOptions Writer { get; init; } = new();
}

/// <summary>What the recorder reports while recording, about every frame.</summary>
/// <param name="Recorded">Audio written so far.</param>
/// <param name="Level">Level of the latest frame.</param>
/// <param name="Warning">The muted-microphone message when the input has been silent too long; otherwise null.</param>
public sealed record RecordingProgress(TimeSpan Recorded, AudioLevel Level, string? Warning);

/// <summary>The outcome of a recording.</summary>
/// <param name="Path">The WAV file written (16 kHz mono 16-bit PCM).</param>
/// <param name="Duration">Audio recorded.</param>
/// <param name="Peak">Loudest sample level seen.</param>
/// <param name="SilenceWarning">The muted-microphone message if it was raised at any point; otherwise null.</param>
/// <param name="Cancelled">True when the recording ended by cancellation (the file is still complete and valid).</param>
public sealed record RecordingResult(string Path, TimeSpan Duration, float Peak, string? SilenceWarning, bool Cancelled);

/// <summary>
/// Records from an <see cref="IAudioSource"/> into a crash-safe WAV file (see
/// <see cref="StreamingWavWriter"/>), watching for a muted microphone. The file is replaced if it
/// exists; when the device fails before delivering any audio, no file is left.
/// </summary>
public static class Recorder
{
    /// <summary>
    /// Records until <paramref name="cancellationToken"/> is cancelled or the maximum duration is
    /// reached. Cancellation is the normal way to stop: it returns a result rather than throwing.
    /// </summary>
    /// <exception cref="AudioDeviceException">The device cannot be opened or fails.</exception>
    public static async Task<RecordingResult> RecordAsync(
        IAudioSource source,
        string path,
        RecorderOptions? options = null,
        IProgress<RecordingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new RecorderOptions();
        var detector = new SilentInputDetector(options.SilenceWarningAfter);
        string? warning = null;
        var peak = 0f;
        var cancelled = false;
        await using var writer = new StreamingWavWriter(path, AudioClip.SampleRate, 1, options.Writer);
        var maxSamples = options.MaxDuration is { } max ? (long)Math.Round(max.TotalSeconds * AudioClip.SampleRate) : long.MaxValue;
        try
        {
            await foreach (var frame in source.CaptureAsync(cancellationToken))
            {
                var take = (int)Math.Min(frame.Samples.Length, maxSamples - writer.FramesWritten);
                writer.Write(frame.Samples.AsSpan(0, take));
                peak = Math.Max(peak, frame.Level.Peak);
                if (detector.Observe(frame))
                {
                    warning = detector.Message;
                }

                progress?.Report(new RecordingProgress(writer.Duration, frame.Level, detector.IsSilent ? detector.Message : null));
                if (writer.FramesWritten >= maxSamples)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (AudioDeviceException) when (writer.FramesWritten == 0)
        {
            // The device never delivered: leave no empty recording behind.
            await writer.DisposeAsync();
            File.Delete(path);
            throw;
        }

        var duration = writer.Duration;
        return new RecordingResult(path, duration, peak, warning, cancelled);
    }
}
