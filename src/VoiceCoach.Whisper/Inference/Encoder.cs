using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Inference;

/// <summary>
/// The audio encoder: two convolutions with GELU, positional embedding, pre-norm transformer
/// blocks and a final layer norm. Stateless; every intermediate lives in the caller's
/// <see cref="EncoderWorkspace"/>, so calls with different workspaces may run concurrently.
/// </summary>
internal static unsafe class Encoder
{
    /// <summary>
    /// Writes [n_audio_ctx × n_audio_state] row-major into <paramref name="px"/> for frames
    /// [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="frames"/>) of a mel [n_mels × <paramref name="stride"/>]
    /// (padded with 0 or cropped to 2 × n_audio_ctx frames).
    /// </summary>
    public static void Run(WhisperWeights w, WhisperHyperParameters hp, ReadOnlySpan<float> mel, int stride, int offset, int frames, EncoderWorkspace workspace, float* px, int threads, CancellationToken ct)
    {
        var ctx = hp.AudioContext;
        var width = hp.AudioState;
        if (offset < 0 || frames < 0 || (frames > 0 && ((long)(hp.MelBands - 1) * stride) + offset + frames > mel.Length))
        {
            throw new ArgumentException($"frames {offset}..{offset + frames} of a mel of {hp.MelBands} bands × {stride} frames are outside its {mel.Length} values", nameof(mel));
        }

        Convolutions(w, hp, mel, stride, offset, frames, workspace.Data, px, threads, ct);
        foreach (var block in w.EncoderBlocks)
        {
            ct.ThrowIfCancellationRequested();
            Block(block, hp, px, workspace.Data, threads, ct);
        }

        Ops.LayerNormRows(px, ctx, width, w.EncoderNorm.Gamma, w.EncoderNorm.Beta, px, threads, ct);
    }

    /// <summary>Floats after the two [ctx × width] buffers of a block: the packed attention keys and values plus one packed projection, or the two packed MLP matrices.</summary>
    public static long PackRegion(WhisperHyperParameters hp)
    {
        var attention = Attention.PackedSize(hp.AudioContext, hp.AudioState, hp.AudioHeads) + PackedMatrix.Size(hp.AudioState, hp.AudioState);
        var mlp = PackedMatrix.Size(hp.AudioState, 4 * hp.AudioState) + PackedMatrix.Size(4 * hp.AudioState, hp.AudioState);
        return Math.Max(attention, mlp);
    }

    /// <summary>
    /// conv1 (k 3, pad 1) + GELU and conv2 (k 3, stride 2, pad 1) + GELU + positions into x, each
    /// convolution as three accumulated products, one per kernel tap, over shifted (and for conv2
    /// strided) rows of a zero-bordered input: no im2col copy.
    /// </summary>
    private static void Convolutions(WhisperWeights w, WhisperHyperParameters hp, ReadOnlySpan<float> mel, int stride, int offset, int frames, float* ws, float* x, int threads, CancellationToken ct)
    {
        var ctx = hp.AudioContext;
        var width = hp.AudioState;
        var melFrames = 2 * ctx;
        var bands = hp.MelBands;

        // Workspace: h1 with a zero row before and after, then the mel transposed to [frame][band]
        // with a zero row before and after, then one packed kernel tap.
        var h1 = ws;
        var melT = h1 + ((long)(melFrames + 2) * width);
        var pack = melT + ((long)(melFrames + 2) * bands);
        new Span<float>(melT, bands).Clear();
        new Span<float>(melT + ((long)(melFrames + 1) * bands), bands).Clear();
        for (var t = 0; t < melFrames; t++)
        {
            var dst = melT + ((long)(t + 1) * bands);
            for (var c = 0; c < bands; c++)
            {
                dst[c] = t < frames ? mel[(c * stride) + offset + t] : 0f;
            }
        }

        // h1[t] = Σ_k W1[·][·][k] · melT[t + k - 1]
        var conv1 = new WeightView(w.Conv1.Data, w.Conv1.Type, width, bands * 3);
        var out1 = h1 + width;
        for (var k = 0; k < 3; k++)
        {
            using var packed = new PackedMatrix(bands, width, pack);
            packed.PackWeight(conv1, k, 3, threads, ct);
            Gemm.Multiply(melT + ((long)k * bands), bands, melFrames, packed, out1, width, k == 0 ? w.Conv1Bias : null, accumulate: k > 0, threads, ct);
        }

        Ops.GeluRows(out1, (long)melFrames * width, threads, ct);
        new Span<float>(h1, width).Clear();
        new Span<float>(h1 + ((long)(melFrames + 1) * width), width).Clear();
        ct.ThrowIfCancellationRequested();

        // x[t] = Σ_k W2[·][·][k] · h1[2t + k - 1]: rows 2 apart.
        var conv2 = new WeightView(w.Conv2.Data, w.Conv2.Type, width, width * 3);
        for (var k = 0; k < 3; k++)
        {
            using var packed = new PackedMatrix(width, width, pack);
            packed.PackWeight(conv2, k, 3, threads, ct);
            Gemm.Multiply(h1 + ((long)k * width), 2 * width, ctx, packed, x, width, k == 0 ? w.Conv2Bias : null, accumulate: k > 0, threads, ct);
        }

        Ops.GeluRows(x, (long)ctx * width, threads, ct);
        for (var t = 0; t < ctx; t++)
        {
            var pos = w.EncoderPositions.Row(t);
            var dst = x + ((long)t * width);
            for (var i = 0; i < width; i++)
            {
                dst[i] += pos[i];
            }
        }
    }

    /// <summary>
    /// One pre-norm block. Workspace: normed [ctx × width], stage [ctx × width] (keys, then values,
    /// then queries; later a chunk of MLP hidden rows), then the pack region.
    /// </summary>
    private static void Block(BlockWeights b, WhisperHyperParameters hp, float* x, float* ws, int threads, CancellationToken ct)
    {
        var ctx = hp.AudioContext;
        var width = hp.AudioState;
        var heads = hp.AudioHeads;
        var normed = ws;
        var stage = normed + ((long)ctx * width);
        var region = stage + ((long)ctx * width);
        var kv = region;
        var pack = kv + Attention.PackedSize(ctx, width, heads);

        Ops.LayerNormRows(x, ctx, width, b.AttentionNorm.Gamma, b.AttentionNorm.Beta, normed, threads, ct);
        Linear(normed, ctx, b.Attention.Key, stage, accumulate: false, pack, threads, ct);
        Attention.PackKeys(stage, ctx, width, heads, kv, threads, ct);
        Linear(normed, ctx, b.Attention.Value, stage, accumulate: false, pack, threads, ct);
        Attention.PackValues(stage, ctx, width, heads, kv, threads, ct);
        Linear(normed, ctx, b.Attention.Query, stage, accumulate: false, pack, threads, ct);
        ct.ThrowIfCancellationRequested();

        // Attention output goes into the normed buffer, which is free again.
        Attention.SelfAttention(stage, normed, ctx, width, heads, kv, threads, ct);
        Linear(normed, ctx, b.Attention.Output, x, accumulate: true, pack, threads, ct);
        ct.ThrowIfCancellationRequested();

        // MLP: both matrices packed once into the region the keys and values used; hidden
        // activations a chunk of rows at a time in the stage buffer.
        Ops.LayerNormRows(x, ctx, width, b.MlpNorm.Gamma, b.MlpNorm.Beta, normed, threads, ct);
        var hiddenWidth = b.Mlp1.Out;
        using var mlp1 = new PackedMatrix(b.Mlp1.In, hiddenWidth, region);
        mlp1.PackWeight(new WeightView(b.Mlp1.Weight), 0, 1, threads, ct);
        using var mlp2 = new PackedMatrix(b.Mlp2.In, b.Mlp2.Out, region + PackedMatrix.Size(b.Mlp1.In, hiddenWidth));
        mlp2.PackWeight(new WeightView(b.Mlp2.Weight), 0, 1, threads, ct);
        var chunk = Math.Max(8, ctx * width / hiddenWidth / 8 * 8);
        for (var r0 = 0; r0 < ctx; r0 += chunk)
        {
            ct.ThrowIfCancellationRequested();
            var rows = Math.Min(chunk, ctx - r0);
            Gemm.Multiply(normed + ((long)r0 * width), width, rows, mlp1, stage, hiddenWidth, b.Mlp1.Bias, accumulate: false, threads, ct);
            Ops.GeluRows(stage, (long)rows * hiddenWidth, threads, ct);
            Gemm.Multiply(stage, hiddenWidth, rows, mlp2, x + ((long)r0 * width), width, b.Mlp2.Bias, accumulate: true, threads, ct);
        }
    }

    /// <summary>y (+)= x·Wᵀ + b for many rows, W packed into <paramref name="pack"/> (workspace of PackedMatrix.Size(In, Out) floats).</summary>
    public static void Linear(float* x, int rows, Linear layer, float* y, bool accumulate, float* pack, int threads, CancellationToken ct)
    {
        using var packed = new PackedMatrix(layer.In, layer.Out, pack);
        packed.PackWeight(new WeightView(layer.Weight), 0, 1, threads, ct);
        Gemm.Multiply(x, layer.In, rows, packed, y, layer.Out, layer.Bias, accumulate, threads, ct);
    }

    /// <summary>y (+)= x·Wᵀ + b for many rows: packs W once (into pooled memory), then blocked product.</summary>
    public static void Linear(float* x, int rows, Linear layer, float* y, bool accumulate, int threads, CancellationToken ct)
    {
        using var packed = PackedMatrix.FromWeight(new WeightView(layer.Weight), threads, ct);
        Gemm.Multiply(x, layer.In, rows, packed, y, layer.Out, layer.Bias, accumulate, threads, ct);
    }
}
