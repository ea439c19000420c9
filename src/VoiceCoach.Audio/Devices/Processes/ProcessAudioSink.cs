using System.Globalization;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.Processes;

/// <summary>Plays by piping raw 16 kHz mono S16_LE into a player program (aplay, paplay, sox, ffplay).</summary>
public sealed class ProcessAudioSink : IAudioSink
{
    private readonly RecorderTool _tool;
    private readonly string? _device;

    internal ProcessAudioSink(RecorderTool tool, string? device)
    {
        _tool = tool;
        _device = device;
    }

    /// <inheritdoc/>
    public string Name => $"{_tool.Name}:{_device ?? "default"}";

    /// <inheritdoc/>
    public async Task PlayAsync(AudioClip clip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var player = _tool.PlayExecutable ?? throw new AudioDeviceException(Name, $"no player installed to go with {_tool.Name}", "install alsa-utils, pulseaudio-utils or sox");
        using var process = ProcessRunner.Start(player, _tool.PlayArguments(_device), _tool.Environment(_device), Name);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            var buffer = new byte[6400];
            var stdin = process.StandardInput.BaseStream;
            for (var at = 0; at < clip.Samples.Length; at += buffer.Length / 2)
            {
                var n = Math.Min(buffer.Length / 2, clip.Samples.Length - at);
                WavWriter.ToPcm16(clip.Samples.AsSpan(at, n), buffer);
                await stdin.WriteAsync(buffer.AsMemory(0, n * 2), cancellationToken);
            }

            stdin.Close();
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            ProcessRunner.Stop(process);
        }

        if (process.ExitCode != 0)
        {
            var reason = ProcessRunner.LastLine(await errors);
            throw new AudioDeviceException(Name, $"{Path.GetFileName(player)} failed ({(reason.Length > 0 ? reason : "exit code " + process.ExitCode.ToString(CultureInfo.InvariantCulture))})", "`voicecoach devices` lists outputs");
        }
    }
}
