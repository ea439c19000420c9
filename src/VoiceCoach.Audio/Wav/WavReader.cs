using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using VoiceCoach.Audio.Conversion;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Wav;

/// <summary>
/// Reads WAV files (PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE; any rate and
/// channel count) into 16 kHz mono float. Decoding streams in blocks, so memory is the output
/// clip plus a fixed buffer, whatever the header claims.
/// </summary>
public static class WavReader
{
    /// <summary>Longest audio accepted, so a file cannot make the reader allocate without bound.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    private const int BlockBytes = 1 << 16;

    /// <summary>Reads a WAV file.</summary>
    /// <exception cref="AudioFormatException">The file is malformed or uses an encoding the built-in reader does not decode.</exception>
    public static DecodedAudio ReadFile(string path, CancellationToken cancellationToken = default)
    {
        using var stream = OpenRead(path);
        return Read(stream, path, cancellationToken);
    }

    /// <summary>Reads WAV bytes from a seekable stream; <paramref name="name"/> names it in messages. The caller owns the stream.</summary>
    /// <exception cref="AudioFormatException">The data is malformed or uses an encoding the built-in reader does not decode.</exception>
    public static DecodedAudio Read(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        var layout = WavLayout.Read(stream, name);
        var format = layout.Format;
        if (!format.IsSupported)
        {
            throw new AudioFormatException(
                name,
                string.Create(CultureInfo.InvariantCulture, $"WAV encoding 0x{format.FormatTag:X4} is not supported by the built-in reader (PCM and IEEE float only)"),
                "install ffmpeg or sox (apt-get install ffmpeg), or convert it to 16-bit PCM WAV");
        }

        if (layout.Duration > MaxDuration)
        {
            throw new AudioFormatException(
                name,
                string.Create(CultureInfo.InvariantCulture, $"{layout.Duration.TotalHours:F1} hours of audio, more than the {MaxDuration.TotalHours:F0} hours accepted"),
                "split it into shorter files");
        }

        var capacity = Resampler.OutputLength(layout.Frames, format.SampleRate, AudioClip.SampleRate);
        var output = new ArrayBufferWriter<float>((int)Math.Max(1, capacity + 16));
        var resampler = new Resampler(format.SampleRate, AudioClip.SampleRate);
        var framesPerBlock = Math.Max(1, BlockBytes / format.BlockAlign);
        var bytes = new byte[framesPerBlock * format.BlockAlign];
        var mono = new float[framesPerBlock];
        stream.Position = layout.DataOffset;
        var left = layout.DataBytes;
        var framesRead = 0L;
        while (left > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var want = (int)Math.Min(bytes.Length, left);
            var got = WavLayout.ReadFully(stream, bytes.AsSpan(0, want));
            var frames = got / format.BlockAlign;
            if (frames == 0)
            {
                break;
            }

            DecodeToMono(bytes.AsSpan(0, frames * format.BlockAlign), format, mono.AsSpan(0, frames));
            resampler.Process(mono.AsSpan(0, frames), output);
            framesRead += frames;
            left -= want;
            if (got < want)
            {
                break;
            }
        }

        resampler.Flush(output);
        var duration = TimeSpan.FromSeconds(framesRead / (double)format.SampleRate);
        var info = new AudioFileInfo("WAV", format.SampleRate, format.Channels, format.BitsPerSample, format.Encoding, duration, "managed", layout.Warning);
        return new DecodedAudio(new AudioClip(output.WrittenSpan.ToArray(), name) { Note = layout.Warning }, info);
    }

    /// <summary>Decodes interleaved frames of a supported format and averages the channels.</summary>
    internal static void DecodeToMono(ReadOnlySpan<byte> data, WavFormat format, Span<float> mono)
    {
        var channels = format.Channels;
        var bytesPerSample = format.BitsPerSample / 8;
        var frames = data.Length / format.BlockAlign;
        var scale = 1f / channels;
        for (var f = 0; f < frames; f++)
        {
            var frame = data.Slice(f * format.BlockAlign, format.BlockAlign);
            var sum = 0.0f;
            for (var c = 0; c < channels; c++)
            {
                sum += Sample(frame.Slice(c * bytesPerSample, bytesPerSample), format.FormatTag);
            }

            mono[f] = channels == 1 ? sum : sum * scale;
        }
    }

    private static float Sample(ReadOnlySpan<byte> s, int tag)
    {
        if (tag == WavFormat.IeeeFloat)
        {
            return s.Length == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(s)
                : (float)BinaryPrimitives.ReadDoubleLittleEndian(s);
        }

        return s.Length switch
        {
            1 => (s[0] - 128) / 128f,
            2 => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
            3 => ((s[0] << 8) | (s[1] << 16) | (s[2] << 24)) / 2147483648f,
            _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
        };
    }

    internal static FileStream OpenRead(string path)
    {
        if (Directory.Exists(path))
        {
            throw new AudioFormatException(path, "is a folder, not an audio file", "pass one of the audio files inside it");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AudioFormatException(path, "file not found", "check the path", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new AudioFormatException(path, "cannot open the file (" + e.Message + ")", "check that it exists and is readable", e);
        }
    }
}
