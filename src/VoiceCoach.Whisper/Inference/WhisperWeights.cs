using System.Globalization;
using VoiceCoach.Whisper.Ggml;
using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Inference;

/// <summary>A linear layer y = x·Wᵀ + b; W stays in the mapped file in its stored type.</summary>
internal sealed class Linear(GgmlTensor weight, float[]? bias)
{
    public GgmlTensor Weight { get; } = weight;

    public float[]? Bias { get; } = bias;

    public int In => Weight.RowLength;

    public int Out => Weight.Rows;
}

internal sealed class LayerNormWeights(float[] gamma, float[] beta)
{
    public float[] Gamma { get; } = gamma;

    public float[] Beta { get; } = beta;
}

internal sealed class AttentionWeights(Linear query, Linear key, Linear value, Linear output)
{
    public Linear Query { get; } = query;

    public Linear Key { get; } = key;

    public Linear Value { get; } = value;

    public Linear Output { get; } = output;
}

internal sealed class BlockWeights
{
    public required LayerNormWeights AttentionNorm { get; init; }

    public required AttentionWeights Attention { get; init; }

    public LayerNormWeights? CrossNorm { get; init; }

    public AttentionWeights? Cross { get; init; }

    public required LayerNormWeights MlpNorm { get; init; }

    public required Linear Mlp1 { get; init; }

    public required Linear Mlp2 { get; init; }
}

/// <summary>
/// Every tensor of a Whisper model, checked by name, shape and type against the header. Large
/// matrices point into the mapped file; vectors (biases, norms) are small and read into arrays.
/// </summary>
internal sealed class WhisperWeights
{
    public required Matrix EncoderPositions { get; init; }

    public required GgmlTensor Conv1 { get; init; }

    public required float[] Conv1Bias { get; init; }

    public required GgmlTensor Conv2 { get; init; }

    public required float[] Conv2Bias { get; init; }

    public required BlockWeights[] EncoderBlocks { get; init; }

    public required LayerNormWeights EncoderNorm { get; init; }

    public required Matrix DecoderPositions { get; init; }

    public required GgmlTensor TokenEmbedding { get; init; }

    public required BlockWeights[] DecoderBlocks { get; init; }

    public required LayerNormWeights DecoderNorm { get; init; }

    public static WhisperWeights Bind(GgmlFile file)
    {
        var hp = file.HyperParameters;
        var path = file.Path;
        var used = new HashSet<string>(StringComparer.Ordinal);

        GgmlTensor Get(string name, bool matrixType, params int[] shape)
        {
            if (!file.Tensors.TryGetValue(name, out var t))
            {
                var hint = file.Tensors.Count == 0 ? " (the file holds no tensors: it is a vocabulary-only test file)" : string.Empty;
                throw new WhisperModelException($"{path}: tensor '{name}' is missing{hint}");
            }

            if (!SameShape(t.Shape, shape))
            {
                throw new WhisperModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: tensor '{name}' has shape [{string.Join(", ", t.Shape)}]; expected [{string.Join(", ", shape)}] for these hyper-parameters"));
            }

            if (!matrixType && GgmlTypes.IsQuantized(t.Type))
            {
                throw new WhisperModelException($"{path}: tensor '{name}' is {GgmlTypes.Name(t.Type)}; expected f32 or f16");
            }

            used.Add(name);
            return t;
        }

        float[] Vector(string name, int n)
        {
            if (file.Tensors.TryGetValue(name, out var t) && t.Shape.Length == 2 && t.Shape[0] == 1 && t.Shape[1] == n)
            {
                // Conv biases are stored as [1, n] by the converter.
                used.Add(name);
                return Dequantize.ToArray(t);
            }

            return Dequantize.ToArray(Get(name, false, n));
        }

        LayerNormWeights Norm(string prefix, int n) => new(Vector(prefix + ".weight", n), Vector(prefix + ".bias", n));

        Linear Lin(string prefix, int input, int output, bool bias = true) =>
            new(Get(prefix + ".weight", true, input, output), bias ? Vector(prefix + ".bias", output) : null);

        AttentionWeights Attn(string prefix, int n) => new(
            Lin(prefix + ".query", n, n), Lin(prefix + ".key", n, n, bias: false), Lin(prefix + ".value", n, n), Lin(prefix + ".out", n, n));

        BlockWeights Block(string prefix, int n, bool cross) => new()
        {
            AttentionNorm = Norm(prefix + ".attn_ln", n),
            Attention = Attn(prefix + ".attn", n),
            CrossNorm = cross ? Norm(prefix + ".cross_attn_ln", n) : null,
            Cross = cross ? Attn(prefix + ".cross_attn", n) : null,
            MlpNorm = Norm(prefix + ".mlp_ln", n),
            Mlp1 = Lin(prefix + ".mlp.0", n, 4 * n),
            Mlp2 = Lin(prefix + ".mlp.2", 4 * n, n),
        };

        var a = hp.AudioState;
        var t = hp.TextState;
        var weights = new WhisperWeights
        {
            EncoderPositions = Matrix.From(Get("encoder.positional_embedding", false, a, hp.AudioContext)),
            Conv1 = Get("encoder.conv1.weight", false, 3, hp.MelBands, a),
            Conv1Bias = Vector("encoder.conv1.bias", a),
            Conv2 = Get("encoder.conv2.weight", false, 3, a, a),
            Conv2Bias = Vector("encoder.conv2.bias", a),
            EncoderBlocks = [.. Enumerable.Range(0, hp.AudioLayers).Select(i => Block($"encoder.blocks.{i}", a, cross: false))],
            EncoderNorm = Norm("encoder.ln_post", a),
            DecoderPositions = Matrix.From(Get("decoder.positional_embedding", false, t, hp.TextContext)),
            TokenEmbedding = Get("decoder.token_embedding.weight", true, t, hp.VocabularySize),
            DecoderBlocks = [.. Enumerable.Range(0, hp.TextLayers).Select(i => Block($"decoder.blocks.{i}", t, cross: true))],
            DecoderNorm = Norm("decoder.ln", t),
        };

        foreach (var name in file.Tensors.Keys)
        {
            if (!used.Contains(name))
            {
                throw new WhisperModelException($"{path}: unknown tensor '{name}'; this is not a Whisper model for these hyper-parameters ({hp.AudioLayers} encoder / {hp.TextLayers} decoder layers)");
            }
        }

        return weights;
    }

    private static bool SameShape(int[] actual, int[] expected)
    {
        // ggml drops trailing dimensions of 1, so [n] and [n, 1] are the same shape.
        var n = Math.Max(actual.Length, expected.Length);
        for (var i = 0; i < n; i++)
        {
            var x = i < actual.Length ? actual[i] : 1;
            var y = i < expected.Length ? expected[i] : 1;
            if (x != y)
            {
                return false;
            }
        }

        return true;
    }
}
