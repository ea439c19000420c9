using System.Buffers.Binary;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Wav;

/// <summary>Writes 16-bit PCM WAV files (the canonical 44-byte header).</summary>
public static class WavWriter
{
    /// <summary>Size of the canonical header written before the audio.</summary>
    public const int HeaderSize = 44;

    /// <summary>Writes a clip to a file as 16 kHz mono 16-bit PCM, replacing any existing file.</summary>
    public static void WriteFile(string path, AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        Write(stream, clip.Samples, AudioClip.SampleRate);
    }

    /// <summary>Writes mono float samples (clipped to [-1, 1]) as 16-bit PCM WAV. The caller owns the stream.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, sampleRate, channels, (long)samples.Length * 2);
        stream.Write(header);
        var buffer = new byte[8192];
        while (!samples.IsEmpty)
        {
            var n = Math.Min(samples.Length, buffer.Length / 2);
            ToPcm16(samples[..n], buffer);
            stream.Write(buffer, 0, n * 2);
            samples = samples[n..];
        }

        stream.Flush();
    }

    /// <summary>Fills a canonical 44-byte 16-bit PCM header for <paramref name="dataBytes"/> bytes of audio.</summary>
    internal static void WriteHeader(Span<byte> header, int sampleRate, int channels, long dataBytes)
    {
        var data = (uint)Math.Min(dataBytes, uint.MaxValue - 36);
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], data + 36);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], data);
    }

    /// <summary>Converts float samples to little-endian 16-bit PCM, clipping and rounding.</summary>
    internal static void ToPcm16(ReadOnlySpan<float> samples, Span<byte> destination)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var v = Math.Clamp(samples[i], -1f, 1f) * 32767f;
            BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * i)..], (short)MathF.Round(v));
        }
    }
}
