using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Decoding;

/// <summary>
/// Decodes any format ffmpeg or sox understands by running the tool with the file as input and
/// reading 16 kHz mono float32 little-endian samples from its stdout (no temporary files).
/// The original format comes from ffprobe or `sox --i` when available.
/// </summary>
internal sealed class ExternalDecoder
{
    private ExternalDecoder(string tool, string executable, string? probe)
    {
        Tool = tool;
        Executable = executable;
        Probe = probe;
    }

    /// <summary>"ffmpeg" or "sox".</summary>
    public string Tool { get; }

    /// <summary>Full path of the decoder.</summary>
    public string Executable { get; }

    /// <summary>Full path of ffprobe (for ffmpeg) or sox itself; null when none.</summary>
    public string? Probe { get; }

    /// <summary>Finds the decoder the options ask for; null when none is installed.</summary>
    public static ExternalDecoder? Locate(AudioFileReaderOptions options)
    {
        if (options.Decoder is ExternalDecoderChoice.Auto or ExternalDecoderChoice.Ffmpeg)
        {
            var ffmpeg = ToolLocator.Find("ffmpeg", options.ToolSearchPath);
            if (ffmpeg is not null)
            {
                return new ExternalDecoder("ffmpeg", ffmpeg, ToolLocator.Find("ffprobe", options.ToolSearchPath));
            }
        }

        if (options.Decoder is ExternalDecoderChoice.Auto or ExternalDecoderChoice.Sox)
        {
            var sox = ToolLocator.Find("sox", options.ToolSearchPath);
            if (sox is not null)
            {
                return new ExternalDecoder("sox", sox, sox);
            }
        }

        return null;
    }

    public DecodedAudio Decode(string path, string container, CancellationToken cancellationToken)
    {
        string[] arguments = Tool == "ffmpeg"
            ? ["-nostdin", "-hide_banner", "-loglevel", "error", "-i", path, "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1"]
            : ["-V1", path, "-t", "f32", "-e", "floating-point", "-b", "32", "-L", "-c", "1", "-r", "16000", "-"];
        float[] samples;
        string error;
        int exitCode;
        try
        {
            (samples, error, exitCode) = Run(Executable, arguments, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AudioFormatException(path, $"cannot run {Executable} ({e.Message})", $"check the {Tool} installation", e);
        }

        if (exitCode != 0)
        {
            var reason = LastLine(error);
            throw new AudioFormatException(
                path,
                $"{Tool} could not decode it ({(reason.Length == 0 ? "exit code " + exitCode.ToString(CultureInfo.InvariantCulture) : reason)})",
                "check that the file plays, or convert it to WAV");
        }

        if (samples.Length == 0)
        {
            throw new AudioFormatException(path, "no audio (the decoder produced no samples)", "record again or choose another file");
        }

        var (rate, channels, bits, codec) = ProbeFormat(path, cancellationToken);
        var info = new AudioFileInfo(
            codec.Length > 0 ? codec : container,
            rate,
            channels,
            bits,
            SampleEncoding.Compressed,
            TimeSpan.FromSeconds(samples.Length / (double)AudioClip.SampleRate),
            Tool,
            null);
        return new DecodedAudio(new AudioClip(samples, path), info);
    }

    private (int Rate, int Channels, int Bits, string Codec) ProbeFormat(string path, CancellationToken cancellationToken)
    {
        if (Probe is null)
        {
            return (0, 0, 0, "");
        }

        try
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (Tool == "ffmpeg")
            {
                var text = RunText(Probe, ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name,sample_rate,channels,bits_per_raw_sample,bits_per_sample", "-of", "default=noprint_wrappers=1", path], cancellationToken);
                foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = line.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        values[line[..eq]] = line[(eq + 1)..];
                    }
                }

                var bits = Int(values, "bits_per_raw_sample");
                return (Int(values, "sample_rate"), Int(values, "channels"), bits != 0 ? bits : Int(values, "bits_per_sample"), values.GetValueOrDefault("codec_name", "").ToUpperInvariant());
            }

            var info = RunText(Probe, ["--i", path], cancellationToken);
            foreach (var line in info.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            var precision = values.GetValueOrDefault("Precision", "").Replace("-bit", "", StringComparison.Ordinal);
            var encoding = values.GetValueOrDefault("Sample Encoding", "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            values["Precision"] = precision;
            return (Int(values, "Sample Rate"), Int(values, "Channels"), Int(values, "Precision"), encoding.Length > 0 ? encoding[^1].ToUpperInvariant() : "");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            // The format is informational; decoding already succeeded.
            return (0, 0, 0, "");
        }
    }

    private static int Int(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }

    private static Process Start(string executable, IEnumerable<string> arguments)
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

        var process = Process.Start(info) ?? throw new InvalidOperationException(executable + " did not start");
        process.StandardInput.Close();
        return process;
    }

    private static (float[] Samples, string Error, int ExitCode) Run(string executable, string[] arguments, CancellationToken cancellationToken)
    {
        using var process = Start(executable, arguments);
        using var registration = cancellationToken.Register(() => Kill(process));
        var errorTask = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = new ArrayBufferWriter<float>(1 << 16);
        var stdout = process.StandardOutput.BaseStream;
        var buffer = new byte[1 << 16];
        var filled = 0;
        int n;
        while ((n = stdout.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += n;
            var whole = filled / 4 * 4;
            var floats = MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole));
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
            }

            floats.CopyTo(output.GetSpan(floats.Length));
            output.Advance(floats.Length);
            if (output.WrittenCount > Wav.WavReader.MaxDuration.TotalSeconds * AudioClip.SampleRate)
            {
                Kill(process);
                throw new AudioFormatException(executable, "more than 24 hours of audio", "split it into shorter files");
            }

            buffer.AsSpan(whole, filled - whole).CopyTo(buffer);
            filled -= whole;
        }

        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        var error = errorTask.GetAwaiter().GetResult();
        return (output.WrittenSpan.ToArray(), error, process.ExitCode);
    }

    private static string RunText(string executable, string[] arguments, CancellationToken cancellationToken)
    {
        using var process = Start(executable, arguments);
        using var registration = cancellationToken.Register(() => Kill(process));
        var errorTask = process.StandardError.ReadToEndAsync(cancellationToken);
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        _ = errorTask.GetAwaiter().GetResult();
        return text;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
