using System.Buffers.Binary;
using System.Text;

namespace VoiceCoach.Tests.Audio;

/// <summary>Builds WAV bytes chunk by chunk, including the malformed ones the reader must reject.</summary>
internal sealed class WavBuilder
{
    private readonly List<byte[]> _chunks = [];

    public uint? RiffSize { get; set; }

    public string Magic { get; set; } = "RIFF";

    public string Form { get; set; } = "WAVE";

    public static byte[] Fmt(int tag, int channels, int rate, int bits, int? blockAlign = null)
    {
        var body = new byte[16];
        var align = blockAlign ?? (channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(rate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)bits);
        return body;
    }

    public static byte[] FmtExtensible(int subFormat, int channels, int rate, int bits, int validBits, Guid? guid = null)
    {
        var body = new byte[40];
        Fmt(0xFFFE, channels, rate, bits).CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)validBits);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 2 ? 3u : 4u);
        var sub = guid ?? new Guid($"{subFormat:X8}-0000-0010-8000-00aa00389b71");
        sub.TryWriteBytes(body.AsSpan(24));
        return body;
    }

    /// <summary>Encodes mono-or-interleaved float samples in the given PCM/float encoding.</summary>
    public static byte[] Encode(ReadOnlySpan<float> samples, int bits, bool isFloat)
    {
        var bytes = new byte[samples.Length * bits / 8];
        var span = bytes.AsSpan();
        for (var i = 0; i < samples.Length; i++)
        {
            var v = Math.Clamp((double)samples[i], -1.0, 1.0);
            var at = span[(i * bits / 8)..];
            switch (bits, isFloat)
            {
                case (32, true): BinaryPrimitives.WriteSingleLittleEndian(at, (float)v); break;
                case (64, true): BinaryPrimitives.WriteDoubleLittleEndian(at, v); break;
                case (8, false): at[0] = (byte)Math.Clamp(Math.Round((v * 128) + 128), 0, 255); break;
                case (16, false): BinaryPrimitives.WriteInt16LittleEndian(at, (short)Math.Clamp(Math.Round(v * 32768), short.MinValue, short.MaxValue)); break;
                case (24, false):
                    var i24 = (int)Math.Clamp(Math.Round(v * 8388608), -8388608, 8388607);
                    at[0] = (byte)i24;
                    at[1] = (byte)(i24 >> 8);
                    at[2] = (byte)(i24 >> 16);
                    break;
                case (32, false): BinaryPrimitives.WriteInt32LittleEndian(at, (int)Math.Clamp(Math.Round(v * 2147483648.0), int.MinValue, int.MaxValue)); break;
                default: throw new ArgumentOutOfRangeException(nameof(bits));
            }
        }

        return bytes;
    }

    public WavBuilder Chunk(string id, byte[] body, uint? declaredSize = null, bool pad = true)
    {
        var chunk = new byte[8 + body.Length + (pad ? body.Length & 1 : 0)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), declaredSize ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        _chunks.Add(chunk);
        return this;
    }

    public WavBuilder Raw(byte[] bytes)
    {
        _chunks.Add(bytes);
        return this;
    }

    public byte[] Build()
    {
        var bodyLength = 4 + _chunks.Sum(c => c.Length);
        var bytes = new byte[8 + bodyLength];
        Encoding.ASCII.GetBytes(Magic).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), RiffSize ?? (uint)bodyLength);
        Encoding.ASCII.GetBytes(Form).CopyTo(bytes, 8);
        var at = 12;
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(bytes, at);
            at += chunk.Length;
        }

        return bytes;
    }

    /// <summary>A plain WAV of the given encoding holding <paramref name="samples"/> (interleaved).</summary>
    public static byte[] Simple(ReadOnlySpan<float> samples, int rate, int channels = 1, int bits = 16, bool isFloat = false) =>
        new WavBuilder()
            .Chunk("fmt ", Fmt(isFloat ? 3 : 1, channels, rate, bits))
            .Chunk("data", Encode(samples, bits, isFloat))
            .Build();
}
