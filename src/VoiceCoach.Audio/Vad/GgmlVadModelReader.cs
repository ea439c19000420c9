using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// Reads Silero VAD weights from whisper.cpp's ggml VAD layout (what models/convert-silero-vad-to-ggml.py writes):
/// <code>
/// u32 magic 0x67676d6c ("ggml")   i32 len + model type ("silero-16k")   i32 major, minor, patch
/// i32 window (512)   i32 context (64)   i32 n_encoder_layers (4)   per layer: i32 in, out, kernel
/// i32 lstm_input   i32 lstm_hidden   i32 final_conv_in   i32 final_conv_out
/// tensors until end of file: i32 n_dims, i32 name_len, i32 type (0 f32, 1 f16), i32 ne[n_dims] (ggml order,
/// fastest first), name, data
/// </code>
/// Strides (1, 2, 2, 1) and padding (1) of the encoder are not in the file; whisper.cpp hard-codes them too.
/// All little-endian. Kept inside the VAD folder on purpose: the Whisper engine's ggml loader lives in a project
/// Audio must not depend on.
/// </summary>
internal static class GgmlVadModelReader
{
    private const uint GgmlMagic = 0x67676d6c;
    private const string ExpectedType = "silero-16k";
    private static readonly int[] EncoderStrides = [1, 2, 2, 1];

    /// <summary>Loads and validates a model file.</summary>
    /// <exception cref="VadModelException">The file is missing, foreign, truncated or has unexpected tensors.</exception>
    public static SileroVadModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException ex)
        {
            throw Fail(path, "model file not found; put silero-v6.2.0-ggml.bin there (see models/README.md)", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw Fail(path, "model file not found (no such directory); put silero-v6.2.0-ggml.bin there (see models/README.md)", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail(path, $"cannot read the model file: {ex.Message}", ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses a model held in memory; <paramref name="path"/> only names it in messages.</summary>
    public static SileroVadModel Parse(ReadOnlySpan<byte> bytes, string path)
    {
        var r = new Cursor(bytes, path);
        var magic = r.U32("magic");
        if (magic != GgmlMagic)
        {
            throw Fail(path, $"not a ggml file (magic 0x{magic:x8} '{Ascii(bytes[..Math.Min(4, bytes.Length)])}'); expected 0x{GgmlMagic:x8} 'lmgg' (a whisper.cpp Silero VAD model such as silero-v6.2.0-ggml.bin)");
        }

        var typeLength = r.I32("model type length");
        if (typeLength is <= 0 or > 64)
        {
            throw Fail(path, $"a ggml file but not a Silero VAD model (model type length {typeLength}; a Whisper model file looks like this); expected a '{ExpectedType}' VAD model such as silero-v6.2.0-ggml.bin");
        }

        var type = r.Text(typeLength, "model type");
        if (!string.Equals(type, ExpectedType, StringComparison.Ordinal))
        {
            throw Fail(path, $"model type '{type}' is not supported; expected '{ExpectedType}' (Silero VAD for 16 kHz)");
        }

        var version = string.Create(CultureInfo.InvariantCulture, $"{r.I32("version major")}.{r.I32("version minor")}.{r.I32("version patch")}");
        var window = r.I32("window size");
        var context = r.I32("context size");
        var layers = r.I32("encoder layer count");
        if (window != 512 || context is < 0 or > 512 || layers != EncoderStrides.Length)
        {
            throw Fail(path, $"unsupported hyper-parameters (window {window}, context {context}, encoder layers {layers}); expected window 512 and {EncoderStrides.Length} encoder layers");
        }

        var encIn = new int[layers];
        var encOut = new int[layers];
        var kernels = new int[layers];
        for (var i = 0; i < layers; i++)
        {
            encIn[i] = r.I32($"encoder {i} in channels");
            encOut[i] = r.I32($"encoder {i} out channels");
            kernels[i] = r.I32($"encoder {i} kernel size");
            if (encIn[i] is <= 0 or > 4096 || encOut[i] is <= 0 or > 4096 || kernels[i] != 3 || (i > 0 && encIn[i] != encOut[i - 1]))
            {
                throw Fail(path, $"unsupported encoder layer {i} (in {encIn[i]}, out {encOut[i]}, kernel {kernels[i]})");
            }
        }

        var lstmInput = r.I32("lstm input size");
        var lstmHidden = r.I32("lstm hidden size");
        var finalIn = r.I32("final conv in");
        var finalOut = r.I32("final conv out");
        if (lstmInput != encOut[^1] || lstmHidden is <= 0 or > 4096 || finalIn != lstmHidden || finalOut != 1)
        {
            throw Fail(path, $"unsupported decoder (lstm {lstmInput}->{lstmHidden}, final conv {finalIn}->{finalOut})");
        }

        // whisper.cpp's graph needs these exact shapes (ggml order); the STFT basis is [filter, 1, 2 * bins].
        var bins = encIn[0];
        var filter = 2 * (bins - 1);
        var expected = new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            ["_model.stft.forward_basis_buffer"] = [filter, 1, 2 * bins],
            ["_model.decoder.rnn.weight_ih"] = [lstmInput, 4 * lstmHidden],
            ["_model.decoder.rnn.weight_hh"] = [lstmHidden, 4 * lstmHidden],
            ["_model.decoder.rnn.bias_ih"] = [4 * lstmHidden],
            ["_model.decoder.rnn.bias_hh"] = [4 * lstmHidden],
            ["_model.decoder.decoder.2.weight"] = [finalIn],
            ["_model.decoder.decoder.2.bias"] = [1],
        };
        for (var i = 0; i < layers; i++)
        {
            expected[$"_model.encoder.{i}.reparam_conv.weight"] = [kernels[i], encIn[i], encOut[i]];
            expected[$"_model.encoder.{i}.reparam_conv.bias"] = [encOut[i]];
        }

        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        while (!r.AtEnd)
        {
            var nDims = r.I32("tensor dimension count");
            var nameLength = r.I32("tensor name length");
            var ttype = r.I32("tensor type");
            // The converter squeezes tensors, so the 1-element output bias arrives with 0 dimensions (a scalar).
            if (nDims is < 0 or > 4 || nameLength is <= 0 or > 256)
            {
                throw Fail(path, $"corrupt tensor header at byte {r.Position - 12} (dims {nDims}, name length {nameLength})");
            }

            var ne = new int[4] { 1, 1, 1, 1 };
            long count = 1;
            for (var d = 0; d < nDims; d++)
            {
                ne[d] = r.I32("tensor shape");
                if (ne[d] <= 0)
                {
                    throw Fail(path, $"corrupt tensor shape at byte {r.Position - 4}");
                }

                count *= ne[d];
            }

            var name = r.Text(nameLength, "tensor name");
            if (!expected.TryGetValue(name, out var shape))
            {
                throw Fail(path, $"unknown tensor '{name}'; this is not a Silero VAD layout this reader knows");
            }

            var want = new int[4] { 1, 1, 1, 1 };
            shape.CopyTo(want, 0);
            if (!ne.AsSpan().SequenceEqual(want))
            {
                throw Fail(path, $"tensor '{name}' has shape [{string.Join(", ", ne[..nDims])}]; expected [{string.Join(", ", shape)}]");
            }

            if (ttype is not (0 or 1))
            {
                throw Fail(path, $"tensor '{name}' has ggml type {ttype}; only f32 (0) and f16 (1) are supported");
            }

            var data = new float[count];
            var raw = r.Bytes(checked((int)count * (ttype == 0 ? 4 : 2)), $"data of tensor '{name}'");
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = ttype == 0
                    ? BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..])
                    : (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(2 * i)..]);
            }

            if (!tensors.TryAdd(name, data))
            {
                throw Fail(path, $"tensor '{name}' appears twice");
            }
        }

        var missing = expected.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw Fail(path, $"truncated or incomplete: {missing.Count} of {expected.Count} tensors missing ({string.Join(", ", missing)})");
        }

        var encoder = new ConvLayer[layers];
        for (var i = 0; i < layers; i++)
        {
            encoder[i] = new ConvLayer(encIn[i], encOut[i], kernels[i], EncoderStrides[i],
                KernelMajor(tensors[$"_model.encoder.{i}.reparam_conv.weight"], encOut[i], encIn[i], kernels[i]),
                tensors[$"_model.encoder.{i}.reparam_conv.bias"]);
        }

        var gates = 4 * lstmHidden;
        var bias = new float[gates];
        var bih = tensors["_model.decoder.rnn.bias_ih"];
        var bhh = tensors["_model.decoder.rnn.bias_hh"];
        for (var g = 0; g < gates; g++)
        {
            bias[g] = bih[g] + bhh[g];
        }

        return new SileroVadModel
        {
            ModelType = type,
            Version = version,
            WindowSamples = window,
            ContextSamples = context,
            FilterLength = filter,
            Hop = filter / 2,
            Bins = bins,
            StftBasis = tensors["_model.stft.forward_basis_buffer"],
            Encoder = encoder,
            Hidden = lstmHidden,
            LstmInputWeights = tensors["_model.decoder.rnn.weight_ih"],
            LstmHiddenWeights = tensors["_model.decoder.rnn.weight_hh"],
            LstmBias = bias,
            OutputWeights = tensors["_model.decoder.decoder.2.weight"],
            OutputBias = tensors["_model.decoder.decoder.2.bias"][0],
        };
    }

    // [out][in][k] (as stored) to [out][k][in].
    private static float[] KernelMajor(float[] w, int outChannels, int inChannels, int kernel)
    {
        var r = new float[w.Length];
        for (var o = 0; o < outChannels; o++)
        {
            for (var i = 0; i < inChannels; i++)
            {
                for (var k = 0; k < kernel; k++)
                {
                    r[(((o * kernel) + k) * inChannels) + i] = w[(((o * inChannels) + i) * kernel) + k];
                }
            }
        }

        return r;
    }

    private static VadModelException Fail(string path, string problem, Exception? inner = null)
    {
        var message = $"{path}: {problem}";
        return inner is null
            ? new VadModelException(message) { ModelPath = path }
            : new VadModelException(message, inner) { ModelPath = path };
    }

    private static string Ascii(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            sb.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        }

        return sb.ToString();
    }

    /// <summary>A bounds-checked little-endian reader that names what it was reading when the file ends early.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> bytes, string path)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private readonly string _path = path;

        public int Position { get; private set; }

        public readonly bool AtEnd => Position >= _bytes.Length;

        public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));

        public int I32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, what));

        public string Text(int length, string what) => Encoding.UTF8.GetString(Bytes(length, what));

        public ReadOnlySpan<byte> Bytes(int length, string what)
        {
            if (length < 0 || Position + length > _bytes.Length)
            {
                throw Fail(_path, $"truncated: the file ends at byte {_bytes.Length} while reading the {what} (needs {length} bytes at {Position}); download the model again");
            }

            var span = _bytes.Slice(Position, length);
            Position += length;
            return span;
        }
    }
}
