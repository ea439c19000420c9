using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Inference;

/// <summary>
/// The audio encoder: two convolutions with GELU, positional embedding, pre-norm transformer
/// blocks and a final layer norm. Stateless; each call allocates its own activations, so calls
/// may run concurrently.
/// </summary>
internal static unsafe class Encoder
{
    /// <summary>Returns [n_audio_ctx × n_audio_state] row-major for a mel of [n_mels × frames] (padded with 0 or cropped to 2 × n_audio_ctx frames).</summary>
    public static float[] Run(WhisperWeights w, WhisperHyperParameters hp, ReadOnlySpan<float> mel, int frames, int threads, CancellationToken ct)
    {
        var ctx = hp.AudioContext;
        var width = hp.AudioState;
        var melFrames = 2 * ctx;
        var bands = hp.MelBands;

        // conv1 as a matrix product: im2col rows [t][c*3 + k] = mel[c][t + k - 1].
        // Activations come from the shared pool and go back to it, so repeated windows do not
        // grow the heap; only the output is a fresh array (the caller keeps it).
        var pool = System.Buffers.ArrayPool<float>.Shared;
        var cols1 = pool.Rent(melFrames * bands * 3);
        var h1 = pool.Rent(melFrames * width);
        var cols2 = pool.Rent(ctx * width * 3);
        var scratch = new EncoderScratch(ctx, width);
        try
        {
            return Run(w, hp, mel, frames, threads, ct, cols1, h1, cols2, scratch);
        }
        finally
        {
            pool.Return(cols1);
            pool.Return(h1);
            pool.Return(cols2);
            scratch.Return();
        }
    }

    private static float[] Run(WhisperWeights w, WhisperHyperParameters hp, ReadOnlySpan<float> mel, int frames, int threads, CancellationToken ct, float[] cols1, float[] h1, float[] cols2, EncoderScratch scratch)
    {
        var ctx = hp.AudioContext;
        var width = hp.AudioState;
        var melFrames = 2 * ctx;
        var bands = hp.MelBands;
        for (var c = 0; c < bands; c++)
        {
            var src = mel.Slice(c * frames, frames);
            for (var t = 0; t < melFrames; t++)
            {
                var row = t * bands * 3;
                for (var k = 0; k < 3; k++)
                {
                    var s = t + k - 1;
                    cols1[row + (c * 3) + k] = s >= 0 && s < frames && s < melFrames ? src[s] : 0f;
                }
            }
        }

        fixed (float* a = cols1, c = h1)
        {
            using var packed = PackedMatrix.FromWeight(new WeightView(w.Conv1.Data, w.Conv1.Type, width, bands * 3), threads, ct);
            Gemm.Multiply(a, bands * 3, melFrames, packed, c, width, w.Conv1Bias, accumulate: false, threads, ct);
            Ops.GeluRows(c, (long)melFrames * width, threads, ct);
        }


        // conv2, stride 2: rows [t][c*3 + k] = h1[2t + k - 1][c].
        for (var t = 0; t < ctx; t++)
        {
            var row = cols2.AsSpan(t * width * 3, width * 3);
            for (var k = 0; k < 3; k++)
            {
                var s = (2 * t) + k - 1;
                if (s < 0 || s >= melFrames)
                {
                    for (var c = 0; c < width; c++)
                    {
                        row[(c * 3) + k] = 0;
                    }

                    continue;
                }

                var src = h1.AsSpan(s * width, width);
                for (var c = 0; c < width; c++)
                {
                    row[(c * 3) + k] = src[c];
                }
            }
        }

        var x = new float[ctx * width];
        fixed (float* a = cols2, c = x)
        {
            using var packed = PackedMatrix.FromWeight(new WeightView(w.Conv2.Data, w.Conv2.Type, width, width * 3), threads, ct);
            Gemm.Multiply(a, width * 3, ctx, packed, c, width, w.Conv2Bias, accumulate: false, threads, ct);
            Ops.GeluRows(c, x.Length, threads, ct);
            for (var t = 0; t < ctx; t++)
            {
                var pos = w.EncoderPositions.Row(t);
                var dst = c + ((long)t * width);
                for (var i = 0; i < width; i++)
                {
                    dst[i] += pos[i];
                }
            }
        }

        foreach (var block in w.EncoderBlocks)
        {
            ct.ThrowIfCancellationRequested();
            Block(block, x, scratch, ctx, width, hp.AudioHeads, threads, ct);
        }

        fixed (float* px = x)
        {
            Ops.LayerNormRows(px, ctx, width, w.EncoderNorm.Gamma, w.EncoderNorm.Beta, px, threads, ct);
        }

        return x;
    }

    private sealed class EncoderScratch(int ctx, int width)
    {
        public float[] Normed { get; } = System.Buffers.ArrayPool<float>.Shared.Rent(ctx * width);

        public float[] Q { get; } = System.Buffers.ArrayPool<float>.Shared.Rent(ctx * width);

        public float[] K { get; } = System.Buffers.ArrayPool<float>.Shared.Rent(ctx * width);

        public float[] V { get; } = System.Buffers.ArrayPool<float>.Shared.Rent(ctx * width);

        public float[] Hidden { get; } = System.Buffers.ArrayPool<float>.Shared.Rent(ctx * width * 4);

        public void Return()
        {
            foreach (var a in new[] { Normed, Q, K, V, Hidden })
            {
                System.Buffers.ArrayPool<float>.Shared.Return(a);
            }
        }
    }

    private static void Block(BlockWeights b, float[] x, EncoderScratch s, int ctx, int width, int heads, int threads, CancellationToken ct)
    {
        fixed (float* px = x, pn = s.Normed, pq = s.Q, pk = s.K, pv = s.V, ph = s.Hidden)
        {
            Ops.LayerNormRows(px, ctx, width, b.AttentionNorm.Gamma, b.AttentionNorm.Beta, pn, threads, ct);
            Linear(pn, ctx, b.Attention.Query, pq, accumulate: false, threads, ct);
            Linear(pn, ctx, b.Attention.Key, pk, accumulate: false, threads, ct);
            Linear(pn, ctx, b.Attention.Value, pv, accumulate: false, threads, ct);
            ct.ThrowIfCancellationRequested();

            // Attention output goes into the normed buffer, which is free again.
            Attention.SelfAttention(pq, pk, pv, pn, ctx, width, heads, threads, ct);
            Linear(pn, ctx, b.Attention.Output, px, accumulate: true, threads, ct);
            ct.ThrowIfCancellationRequested();

            Ops.LayerNormRows(px, ctx, width, b.MlpNorm.Gamma, b.MlpNorm.Beta, pn, threads, ct);
            Linear(pn, ctx, b.Mlp1, ph, accumulate: false, threads, ct);
            Ops.GeluRows(ph, (long)ctx * width * 4, threads, ct);
            Linear(ph, ctx, b.Mlp2, px, accumulate: true, threads, ct);
        }
    }

    /// <summary>y (+)= x·Wᵀ + b for many rows: packs W once, then blocked product.</summary>
    public static void Linear(float* x, int rows, Linear layer, float* y, bool accumulate, int threads, CancellationToken ct)
    {
        using var packed = PackedMatrix.FromWeight(new WeightView(layer.Weight), threads, ct);
        Gemm.Multiply(x, layer.In, rows, packed, y, layer.Out, layer.Bias, accumulate, threads, ct);
    }
}
