using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Devices.Processes;

/// <summary>
/// Captures by running a recorder program (arecord, parecord, sox -d, ffmpeg) that writes raw
/// 16 kHz mono S16_LE to stdout. The process lives exactly as long as the capture enumeration.
/// </summary>
public sealed class ProcessAudioSource : IAudioSource
{
    private readonly RecorderTool _tool;
    private readonly string? _device;
    private readonly int _frameSamples;
    private long _levelBits;

    internal ProcessAudioSource(RecorderTool tool, string? device, CaptureOptions options)
    {
        _tool = tool;
        _device = device;
        _frameSamples = Math.Max(16, (int)(options.FrameDuration.TotalSeconds * AudioClip.SampleRate));
    }

    /// <inheritdoc/>
    public string Name => $"{_tool.Name}:{_device ?? "default"}";

    /// <inheritdoc/>
    public AudioLevel Level
    {
        get
        {
            var bits = Interlocked.Read(ref _levelBits);
            return new AudioLevel(BitConverter.Int32BitsToSingle((int)(bits >> 32)), BitConverter.Int32BitsToSingle((int)bits));
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AudioFrame> CaptureAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var process = ProcessRunner.Start(_tool.Executable, _tool.CaptureArguments(_device), _tool.Environment(_device), Name);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.BaseStream;
        var bytes = new byte[_frameSamples * 2];
        long emitted = 0;
        try
        {
            while (true)
            {
                var filled = 0;
                while (filled < bytes.Length)
                {
                    var n = await stdout.ReadAsync(bytes.AsMemory(filled), cancellationToken);
                    if (n == 0)
                    {
                        break;
                    }

                    filled += n;
                }

                var count = filled / 2;
                if (count > 0)
                {
                    var samples = new float[count];
                    var pcm = MemoryMarshal.Cast<byte, short>(bytes.AsSpan(0, count * 2));
                    for (var i = 0; i < count; i++)
                    {
                        samples[i] = pcm[i] / 32768f;
                    }

                    var frame = new AudioFrame(samples, TimeSpan.FromSeconds(emitted / (double)AudioClip.SampleRate));
                    emitted += count;
                    Interlocked.Exchange(ref _levelBits, ((long)BitConverter.SingleToInt32Bits(frame.Level.Rms) << 32) | (uint)BitConverter.SingleToInt32Bits(frame.Level.Peak));
                    yield return frame;
                }

                if (filled < bytes.Length)
                {
                    break;
                }
            }
        }
        finally
        {
            ProcessRunner.Stop(process);
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && emitted == 0)
        {
            var reason = ProcessRunner.LastLine(await errors);
            throw new AudioDeviceException(Name, $"{_tool.Name} failed ({(reason.Length > 0 ? reason : "exit code " + process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))})", "`voicecoach devices` lists inputs");
        }
    }
}

/// <summary>Starting and stopping helper processes.</summary>
internal static class ProcessRunner
{
    public static Process Start(string executable, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>> environment, string device)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        try
        {
            return Process.Start(info) ?? throw new AudioDeviceException(device, executable + " did not start", "check the installation");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AudioDeviceException(device, $"cannot run {executable} ({e.Message})", "check the installation", e);
        }
    }

    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }
}
