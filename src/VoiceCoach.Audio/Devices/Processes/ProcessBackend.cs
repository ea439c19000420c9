using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.Processes;

/// <summary>
/// Capture and playback through external programs, for systems without ALSA or WinMM (macOS,
/// BSD) or when asked for. <paramref name="tool"/> picks "arecord", "parecord", "sox" or "ffmpeg";
/// null takes the first installed, in the order of <c>RecorderTool.Preference</c>.
/// </summary>
public sealed class ProcessBackend(string? tool = null) : AudioBackend
{
    private RecorderTool Tool => RecorderTool.Locate(tool)
        ?? throw new AudioDeviceException(tool ?? "recorder", "no recorder program found (arecord, parecord, sox or ffmpeg)", "install one (apt-get install alsa-utils sox)");

    /// <inheritdoc/>
    public override string Name => $"process ({Tool.Name})";

    /// <inheritdoc/>
    public override IReadOnlyList<AudioDeviceInfo> ListDevices() =>
        [new AudioDeviceInfo("default", $"the default device, through {Tool.Name}", true, true, Tool.PlayExecutable is not null)];

    /// <inheritdoc/>
    public override IAudioSource CreateSource(string? device = null, CaptureOptions? options = null) =>
        new ProcessAudioSource(Tool, device, options ?? CaptureOptions.Default);

    /// <inheritdoc/>
    public override IAudioSink CreateSink(string? device = null) => new ProcessAudioSink(Tool, device);
}
