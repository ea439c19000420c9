using System.Buffers.Binary;

namespace VoiceCoach.Tests.Whisper;

/// <summary>
/// Writes ggml Whisper files of any shape with seeded random weights, reusing the mel filters and
/// vocabulary of random-tiny.en.bin. Matrices can be f32, f16 or any quantised block type; the
/// random stream depends only on the seed, so a quantised file and its <c>decodedTwin</c> (the
/// same values written as f32) describe the same network. Used for the base-shaped timing model
/// (written under /tmp, never committed) and for checking every block type against f32.
/// </summary>
internal static class RandomWhisperModelWriter
{
    public const int F32 = 0;
    public const int F16 = 1;
    public const int Q4_0 = 2;
    public const int Q4_1 = 3;
    public const int Q5_0 = 6;
    public const int Q5_1 = 7;
    public const int Q8_0 = 8;

    public sealed record Shape(int State, int Heads, int Layers, int AudioContext = 1500, int TextContext = 448);

    public static readonly Shape Base = new(512, 8, 6);

    /// <summary>Writes the model; with <paramref name="decodedTwin"/> every matrix is written as f32 holding exactly the values its <paramref name="matrixType"/> blocks decode to.</summary>
    public static void Write(string path, string headerSource, Shape shape, int matrixType, int seed = 1, bool decodedTwin = false)
    {
        var source = File.ReadAllBytes(headerSource);
        var tensorsAt = TensorsOffset(source);
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        var nVocab = BinaryPrimitives.ReadInt32LittleEndian(source.AsSpan(4));
        int[] header = [nVocab, shape.AudioContext, shape.State, shape.Heads, shape.Layers, shape.TextContext, shape.State, shape.Heads, shape.Layers, 80, decodedTwin ? F32 : matrixType];
        Span<byte> b4 = stackalloc byte[4];
        stream.Write(source.AsSpan(0, 4));
        foreach (var h in header)
        {
            BinaryPrimitives.WriteInt32LittleEndian(b4, h);
            stream.Write(b4);
        }

        stream.Write(source.AsSpan(4 + 44, tensorsAt - 48));
        var random = new Random(seed);
        var n = shape.State;

        void Vector(string name, int length, float center, params int[] dims)
        {
            var values = new float[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = center + (((float)random.NextDouble() - 0.5f) * 0.1f);
            }

            WriteTensor(stream, name, F32, dims.Length == 0 ? [length] : dims, values, null);
        }

        void Matrix(string name, int columns, int rows, int type)
        {
            var (values, blocks) = RandomMatrix(random, columns, rows, type);
            WriteTensor(stream, name, decodedTwin ? F32 : type, [columns, rows], values, decodedTwin ? null : blocks);
        }

        void Linear(string prefix, int input, int output, bool bias = true)
        {
            Matrix(prefix + ".weight", input, output, matrixType);
            if (bias)
            {
                Vector(prefix + ".bias", output, 0f);
            }
        }

        void Block(string prefix, bool cross)
        {
            foreach (var part in cross ? new[] { "attn", "cross_attn" } : ["attn"])
            {
                Vector($"{prefix}.{part}_ln.weight", n, 1f);
                Vector($"{prefix}.{part}_ln.bias", n, 0f);
                Linear($"{prefix}.{part}.query", n, n);
                Linear($"{prefix}.{part}.key", n, n, bias: false);
                Linear($"{prefix}.{part}.value", n, n);
                Linear($"{prefix}.{part}.out", n, n);
            }

            Vector($"{prefix}.mlp_ln.weight", n, 1f);
            Vector($"{prefix}.mlp_ln.bias", n, 0f);
            Linear($"{prefix}.mlp.0", n, 4 * n);
            Linear($"{prefix}.mlp.2", 4 * n, n);
        }

        Vector("encoder.positional_embedding", n * shape.AudioContext, 0f, n, shape.AudioContext);
        WriteConv(stream, random, "encoder.conv1.weight", 80, n, decodedTwin);
        Vector("encoder.conv1.bias", n, 0f, 1, n);
        WriteConv(stream, random, "encoder.conv2.weight", n, n, decodedTwin);
        Vector("encoder.conv2.bias", n, 0f, 1, n);
        for (var l = 0; l < shape.Layers; l++)
        {
            Block($"encoder.blocks.{l}", cross: false);
        }

        Vector("encoder.ln_post.weight", n, 1f);
        Vector("encoder.ln_post.bias", n, 0f);
        Vector("decoder.positional_embedding", n * shape.TextContext, 0f, n, shape.TextContext);
        Matrix("decoder.token_embedding.weight", n, nVocab, matrixType);
        for (var l = 0; l < shape.Layers; l++)
        {
            Block($"decoder.blocks.{l}", cross: true);
        }

        Vector("decoder.ln.weight", n, 1f);
        Vector("decoder.ln.bias", n, 0f);
    }

    private static int TensorsOffset(byte[] source)
    {
        var o = 4 + 44;
        var bands = BinaryPrimitives.ReadInt32LittleEndian(source.AsSpan(o));
        var bins = BinaryPrimitives.ReadInt32LittleEndian(source.AsSpan(o + 4));
        o += 8 + (bands * bins * 4);
        var count = BinaryPrimitives.ReadInt32LittleEndian(source.AsSpan(o));
        o += 4;
        for (var i = 0; i < count; i++)
        {
            o += 4 + BinaryPrimitives.ReadInt32LittleEndian(source.AsSpan(o));
        }

        return o;
    }

    private static void WriteConv(Stream stream, Random random, string name, int input, int output, bool decodedTwin)
    {
        var values = new float[3 * input * output];
        var halves = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            var h = (Half)(((float)random.NextDouble() - 0.5f) * 0.2f);
            values[i] = (float)h;
            BinaryPrimitives.WriteHalfLittleEndian(halves.AsSpan(2 * i), h);
        }

        WriteTensor(stream, name, decodedTwin ? F32 : F16, [3, input, output], values, decodedTwin ? null : halves);
    }

    /// <summary>Random blocks of the given type and the values they decode to (ggml-common.h layouts).</summary>
    private static (float[] Values, byte[] Blocks) RandomMatrix(Random random, int columns, int rows, int type)
    {
        var count = columns * rows;
        var values = new float[count];
        if (type is F32 or F16)
        {
            var halves = new byte[count * 2];
            for (var i = 0; i < count; i++)
            {
                var h = (Half)(((float)random.NextDouble() - 0.5f) * 0.1f);
                values[i] = (float)h;
                BinaryPrimitives.WriteHalfLittleEndian(halves.AsSpan(2 * i), h);
            }

            return (values, type == F16 ? halves : null!);
        }

        var blockBytes = type switch { Q4_0 => 18, Q4_1 => 20, Q5_0 => 22, Q5_1 => 24, _ => 34 };
        var blocks = new byte[count / 32 * blockBytes];
        for (var b = 0; b < count / 32; b++)
        {
            var block = blocks.AsSpan(b * blockBytes, blockBytes);
            var d = (Half)(0.001f + ((float)random.NextDouble() * 0.005f));
            var m = (Half)(((float)random.NextDouble() - 0.5f) * 0.05f);
            BinaryPrimitives.WriteHalfLittleEndian(block, d);
            var dv = (float)d;
            var mv = (float)m;
            var v = values.AsSpan(b * 32, 32);
            switch (type)
            {
                case Q8_0:
                    for (var j = 0; j < 32; j++)
                    {
                        var q = (sbyte)random.Next(-127, 128);
                        block[2 + j] = (byte)q;
                        v[j] = q * dv;
                    }

                    break;
                case Q4_0 or Q4_1:
                    {
                        var qs = block[(type == Q4_0 ? 2 : 4)..];
                        if (type == Q4_1)
                        {
                            BinaryPrimitives.WriteHalfLittleEndian(block[2..], m);
                        }

                        for (var j = 0; j < 16; j++)
                        {
                            int lo = random.Next(16), hi = random.Next(16);
                            qs[j] = (byte)(lo | (hi << 4));
                            v[j] = type == Q4_0 ? (lo - 8) * dv : (lo * dv) + mv;
                            v[j + 16] = type == Q4_0 ? (hi - 8) * dv : (hi * dv) + mv;
                        }

                        break;
                    }

                default:
                    {
                        // q5_0 / q5_1: fifth bits of element j in bit j of qh.
                        var withMin = type == Q5_1;
                        if (withMin)
                        {
                            BinaryPrimitives.WriteHalfLittleEndian(block[2..], m);
                        }

                        uint qh = 0;
                        var qs = block[(withMin ? 8 : 6)..];
                        for (var j = 0; j < 16; j++)
                        {
                            int lo = random.Next(32), hi = random.Next(32);
                            qs[j] = (byte)((lo & 0xf) | ((hi & 0xf) << 4));
                            qh |= (uint)(lo >> 4) << j;
                            qh |= (uint)(hi >> 4) << (j + 16);
                            v[j] = withMin ? (lo * dv) + mv : (lo - 16) * dv;
                            v[j + 16] = withMin ? (hi * dv) + mv : (hi - 16) * dv;
                        }

                        BinaryPrimitives.WriteUInt32LittleEndian(block[(withMin ? 4 : 2)..], qh);
                        break;
                    }
            }
        }

        return (values, blocks);
    }

    private static void WriteTensor(Stream stream, string name, int type, int[] dims, float[] values, byte[]? raw)
    {
        void Int(int v)
        {
            Span<byte> b4 = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b4, v);
            stream.Write(b4);
        }

        Int(dims.Length);
        Int(name.Length);
        Int(type);
        foreach (var d in dims)
        {
            Int(d);
        }

        stream.Write(System.Text.Encoding.ASCII.GetBytes(name));
        if (raw is not null)
        {
            stream.Write(raw);
            return;
        }

        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        stream.Write(bytes);
    }
}
