using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Inference;

/// <summary>
/// The text decoder: token + positional embedding, pre-norm blocks with causal self-attention
/// (KV cache in the state), cross-attention over the encoded window, final layer norm and logits
/// against the token embedding. Stateless itself; all state lives in <see cref="WhisperDecoderState"/>.
/// </summary>
internal static unsafe class Decoder
{
    // From this many tokens on, a linear layer packs its weights for the blocked product.
    private const int GemmRows = 16;

    /// <summary>
    /// Projects the encoder output ([n_audio_ctx × n_audio_state]) through every decoder layer's cross-attention key and value weights into a new
    /// f16 cache, <see cref="EncoderWorkspace.CrossRows"/> rows at a time through <paramref name="workspace"/>
    /// (<see cref="EncoderWorkspace.CrossSize"/> floats). The caller owns the returned cache's first reference.
    /// </summary>
    public static WhisperDecoderState.CrossCache ComputeCross(WhisperWeights w, WhisperHyperParameters hp, float* encoded, EncoderWorkspace workspace, int threads, CancellationToken ct)
    {
        var positions = hp.AudioContext;
        var width = hp.TextState;
        var heads = hp.TextHeads;
        var d = width / heads;
        var layers = w.DecoderBlocks.Length;
        var cache = new WhisperDecoderState.CrossCache(layers, positions, width);
        try
        {
            var t = workspace.Data;
            for (var l = 0; l < layers; l++)
            {
                var cross = w.DecoderBlocks[l].Cross!;
                var k = cache.Keys(l);
                var v = cache.Values(l);

                // Keys transposed per head, [head][dim][position]; values per head, [head][position][dim].
                ProjectInChunks(cross.Key, encoded, positions, workspace, threads, ct, (r0, rows) =>
                {
                    for (var r = 0; r < rows; r++)
                    {
                        for (var c = 0; c < width; c++)
                        {
                            k[((long)c * positions) + r0 + r] = BitConverter.HalfToUInt16Bits((Half)t[(r * width) + c]);
                        }
                    }
                });
                ProjectInChunks(cross.Value, encoded, positions, workspace, threads, ct, (r0, rows) =>
                {
                    for (var r = 0; r < rows; r++)
                    {
                        for (var h = 0; h < heads; h++)
                        {
                            System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(
                                new ReadOnlySpan<float>(t + (r * width) + (h * d), d),
                                new Span<Half>(v + ((((long)h * positions) + r0 + r) * d), d));
                        }
                    }
                });
            }

            return cache;
        }
        catch
        {
            cache.Release();
            throw;
        }
    }

    /// <summary>
    /// x·Wᵀ + b for <paramref name="positions"/> rows of <paramref name="x"/>, <see cref="EncoderWorkspace.CrossRows"/> rows at
    /// a time into the start of <paramref name="workspace"/>, W packed once after them; <paramref name="store"/> takes
    /// each chunk (first row, rows) before the next overwrites it.
    /// </summary>
    private static void ProjectInChunks(Linear layer, float* x, int positions, EncoderWorkspace workspace, int threads, CancellationToken ct, Action<int, int> store)
    {
        ct.ThrowIfCancellationRequested();
        var y = workspace.Data;
        using var packed = new PackedMatrix(layer.In, layer.Out, y + ((long)Math.Min(EncoderWorkspace.CrossRows, positions) * layer.Out));
        packed.PackWeight(new WeightView(layer.Weight), 0, 1, threads, ct);
        for (var r0 = 0; r0 < positions; r0 += EncoderWorkspace.CrossRows)
        {
            var rows = Math.Min(EncoderWorkspace.CrossRows, positions - r0);
            Gemm.Multiply(x + ((long)r0 * layer.In), layer.In, rows, packed, y, layer.Out, layer.Bias, accumulate: false, threads, ct);
            store(r0, rows);
        }
    }

    public static void Run(WhisperWeights w, WhisperHyperParameters hp, WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads, CancellationToken ct)
    {
        var m = tokens.Length;
        var width = hp.TextState;
        var heads = hp.TextHeads;
        var d = width / heads;
        var textCtx = hp.TextContext;
        var start = state.Length;
        state.EnsureCapacity(start + m, heads);
        var stride = state.Capacity;
        var cross = state.Cross;
        var x = new float[m * width];
        var normed = new float[m * width];
        var q = new float[m * width];
        var kNew = new float[m * width];
        var vNew = new float[m * width];
        var attn = new float[m * width];
        var hidden = new float[m * width * 4];
        var maxKeys = Math.Max(cross.Positions, textCtx);
        var embedding = new Numerics.WeightView(w.TokenEmbedding);
        fixed (float* px = x, pn = normed, pq = q, pk = kNew, pv = vNew, pa = attn, ph = hidden)
        {
            for (var i = 0; i < m; i++)
            {
                Dequantize.Row(embedding.Type, embedding.Row(tokens[i]), px + (i * width), width);
                var pos = w.DecoderPositions.Row(start + i);
                for (var j = 0; j < width; j++)
                {
                    px[(i * width) + j] += pos[j];
                }
            }

            for (var l = 0; l < w.DecoderBlocks.Length; l++)
            {
                ct.ThrowIfCancellationRequested();
                var b = w.DecoderBlocks[l];
                var selfK = state.SelfKeys[l];
                var selfV = state.SelfValues[l];

                Ops.LayerNormRows(px, m, width, b.AttentionNorm.Gamma, b.AttentionNorm.Beta, pn, 1, ct);
                Linear(pn, m, b.Attention.Query, pq, false, threads, ct);
                Linear(pn, m, b.Attention.Key, pk, false, threads, ct);
                Linear(pn, m, b.Attention.Value, pv, false, threads, ct);
                fixed (ushort* sk = selfK, sv = selfV)
                {
                    for (var i = 0; i < m; i++)
                    {
                        var p = start + i;
                        for (var h = 0; h < heads; h++)
                        {
                            for (var j = 0; j < d; j++)
                            {
                                sk[(((h * d) + j) * stride) + p] = BitConverter.HalfToUInt16Bits((Half)pk[(i * width) + (h * d) + j]);
                            }

                            System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(
                                new ReadOnlySpan<float>(pv + (i * width) + (h * d), d),
                                new Span<Half>(sv + (((h * stride) + p) * d), d));
                        }
                    }

                    var skp = (nint)sk;
                    var svp = (nint)sv;
                    AttendAll(pq, pa, m, heads, d, width, threads, maxKeys, ct, (i, h, qh, oh, s) =>
                        AttendHalf(qh, (ushort*)skp + (h * d * stride), stride, start + i + 1, (ushort*)svp + (h * stride * d), d, oh, s));
                }

                Linear(pa, m, b.Attention.Output, px, true, threads, ct);

                var c = b.Cross!;
                Ops.LayerNormRows(px, m, width, b.CrossNorm!.Gamma, b.CrossNorm.Beta, pn, 1, ct);
                Linear(pn, m, c.Query, pq, false, threads, ct);
                var ckp = (nint)cross.Keys(l);
                var cvp = (nint)cross.Values(l);
                var n = cross.Positions;
                AttendAll(pq, pa, m, heads, d, width, threads, maxKeys, ct, (i, h, qh, oh, s) =>
                    AttendHalf(qh, (ushort*)ckp + (h * d * n), n, n, (ushort*)cvp + (h * n * d), d, oh, s));

                Linear(pa, m, c.Output, px, true, threads, ct);

                Ops.LayerNormRows(px, m, width, b.MlpNorm.Gamma, b.MlpNorm.Beta, pn, 1, ct);
                Linear(pn, m, b.Mlp1, ph, false, threads, ct);
                Ops.GeluRows(ph, (long)m * width * 4, threads, ct);
                Linear(ph, m, b.Mlp2, px, true, threads, ct);
            }

            ct.ThrowIfCancellationRequested();
            var last = px + ((m - 1) * width);
            Ops.LayerNorm(last, width, w.DecoderNorm.Gamma, w.DecoderNorm.Beta, pn);
            fixed (float* pl = logits)
            {
                Ops.LinearFew(pn, 1, width, embedding, null, pl, hp.VocabularySize, accumulate: false, threads, ct);
            }
        }

        state.Length = start + m;
    }

    private delegate void AttendOne(int token, int head, float* query, float* output, float* scores);

    private static void AttendAll(float* q, float* output, int m, int heads, int d, int width, int threads, int maxKeys, CancellationToken ct, AttendOne attend)
    {
        var pq = (nint)q;
        var po = (nint)output;
        Work.Run(m * heads, heads * m > 1 ? threads : 1, ct, t =>
        {
            var i = t / heads;
            var h = t % heads;
            var scores = System.Buffers.ArrayPool<float>.Shared.Rent(maxKeys);
            try
            {
                fixed (float* s = scores)
                {
                    attend(i, h, (float*)pq + (i * width) + (h * d), (float*)po + (i * width) + (h * d), s);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(scores);
            }
        });
    }

    /// <summary>One query against the first <paramref name="count"/> f16 keys stored transposed (kt[dim][stride]) and f16 values by row (v[count][d]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AttendHalf(float* q, ushort* kt, int stride, int count, ushort* v, int d, float* output, float* scores)
    {
        var scale = 1f / MathF.Sqrt(d);
        new Span<float>(scores, count).Clear();
        var wide = Avx512F.IsSupported;
        for (var j = 0; j < d; j++)
        {
            var qj = q[j] * scale;
            var row = kt + ((long)j * stride);
            var i = 0;
            if (wide)
            {
                var vq = Vector512.Create(qj);
                for (; i + 16 <= count; i += 16)
                {
                    Avx512F.FusedMultiplyAdd(vq, Dequantize.HalfToSingle(Vector256.Load(row + i)), Vector512.Load(scores + i)).Store(scores + i);
                }
            }

            for (; i < count; i++)
            {
                scores[i] += qj * (float)BitConverter.UInt16BitsToHalf(row[i]);
            }
        }

        Ops.Softmax(scores, count);
        new Span<float>(output, d).Clear();
        var tail = wide && d % 16 == 0 ? 0 : d;
        for (var i = 0; i < count; i++)
        {
            var p = scores[i];
            var vi = v + ((long)i * d);
            if (tail == 0)
            {
                var vp = Vector512.Create(p);
                for (var j = 0; j < d; j += 16)
                {
                    Avx512F.FusedMultiplyAdd(vp, Dequantize.HalfToSingle(Vector256.Load(vi + j)), Vector512.Load(output + j)).Store(output + j);
                }
            }
            else
            {
                for (var j = 0; j < d; j++)
                {
                    output[j] += p * (float)BitConverter.UInt16BitsToHalf(vi[j]);
                }
            }
        }
    }

    private static void Linear(float* x, int m, Linear layer, float* y, bool accumulate, int threads, CancellationToken ct)
    {
        if (m >= GemmRows)
        {
            Encoder.Linear(x, m, layer, y, accumulate, threads, ct);
        }
        else
        {
            Ops.LinearFew(x, m, layer.In, new Numerics.WeightView(layer.Weight), layer.Bias, y, layer.Out, accumulate, threads, ct);
        }
    }
}
