using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VoiceCoach.Whisper.Ggml;

namespace VoiceCoach.Whisper.Numerics;

/// <summary>Element-wise and row-wise kernels: layer norm, GELU, softmax, dot products, matrix × few vectors.</summary>
internal static unsafe class Ops
{
    public const float LayerNormEpsilon = 1e-5f;

    // Below this many multiply-adds a product runs on one thread: handing work to the pool costs more.
    private const long ParallelThreshold = 1 << 18;

    public static void LayerNorm(float* x, int n, float[] gamma, float[] beta, float* y)
    {
        var span = new ReadOnlySpan<float>(x, n);
        var mean = TensorPrimitives.Sum(span) / n;
        float variance = 0;
        for (var i = 0; i < n; i++)
        {
            var d = x[i] - mean;
            variance += d * d;
        }

        var inv = 1f / MathF.Sqrt((variance / n) + LayerNormEpsilon);
        fixed (float* g = gamma, b = beta)
        {
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var vm = Vector256.Create(mean);
                var vi = Vector256.Create(inv);
                for (; i + 8 <= n; i += 8)
                {
                    var v = (Vector256.Load(x + i) - vm) * vi;
                    Vector256.FusedMultiplyAdd(v, Vector256.Load(g + i), Vector256.Load(b + i)).Store(y + i);
                }
            }

            for (; i < n; i++)
            {
                y[i] = ((x[i] - mean) * inv * g[i]) + b[i];
            }
        }
    }

    public static void LayerNormRows(float* x, int rows, int n, float[] gamma, float[] beta, float* y, int threads, CancellationToken ct)
    {
        var px = (nint)x;
        var py = (nint)y;
        const int Block = 64;
        Work.Run((rows + Block - 1) / Block, rows * (long)n < ParallelThreshold ? 1 : threads, ct, t =>
        {
            for (var r = t * Block; r < Math.Min(rows, (t + 1) * Block); r++)
            {
                LayerNorm((float*)px + ((long)r * n), n, gamma, beta, (float*)py + ((long)r * n));
            }
        });
    }

    /// <summary>GELU, tanh approximation (as whisper.cpp): x·σ(2·√(2/π)·(x + 0.044715x³)).</summary>
    public static void Gelu(float* x, int n)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated || Avx512F.IsSupported)
        {
            var c1 = Vector512.Create(-1.5957691216057308f);
            var c2 = Vector512.Create(0.044715f);
            var one = Vector512<float>.One;
            for (; i + 16 <= n; i += 16)
            {
                var v = Vector512.Load(x + i);
                var u = c1 * (v + (c2 * v * v * v));
                (v / (one + Vector512.Exp(u))).Store(x + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var c1 = Vector256.Create(-1.5957691216057308f);
            var c2 = Vector256.Create(0.044715f);
            var one = Vector256<float>.One;
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.Load(x + i);
                var u = c1 * (v + (c2 * v * v * v));
                (v / (one + Vector256.Exp(u))).Store(x + i);
            }
        }

        for (; i < n; i++)
        {
            var v = x[i];
            x[i] = v / (1f + MathF.Exp(-1.5957691216057308f * (v + (0.044715f * v * v * v))));
        }
    }

    public static void GeluRows(float* x, long count, int threads, CancellationToken ct)
    {
        const int Block = 1 << 14;
        var px = (nint)x;
        Work.Run((int)((count + Block - 1) / Block), count < ParallelThreshold ? 1 : threads, ct, t =>
        {
            var start = (long)t * Block;
            Gelu((float*)px + start, (int)Math.Min(Block, count - start));
        });
    }

    /// <summary>In-place softmax of <paramref name="n"/> values.</summary>
    public static void Softmax(float* x, int n)
    {
        var span = new Span<float>(x, n);
        var max = TensorPrimitives.Max((ReadOnlySpan<float>)span);
        TensorPrimitives.Subtract(span, max, span);
        TensorPrimitives.Exp(span, span);
        var sum = TensorPrimitives.Sum((ReadOnlySpan<float>)span);
        TensorPrimitives.Multiply(span, 1f / sum, span);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int n) =>
        TensorPrimitives.Dot(new ReadOnlySpan<float>(a, n), new ReadOnlySpan<float>(b, n));

    /// <summary>Dot product of an f16 row with an f32 vector, converting as it goes.</summary>
    public static float DotF16(ushort* w, float* x, int n)
    {
        var i = 0;
        float sum = 0;
        if (Avx512F.IsSupported)
        {
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            for (; i + 32 <= n; i += 32)
            {
                acc0 = Avx512F.FusedMultiplyAdd(Dequantize.HalfToSingle(Vector256.Load(w + i)), Vector512.Load(x + i), acc0);
                acc1 = Avx512F.FusedMultiplyAdd(Dequantize.HalfToSingle(Vector256.Load(w + i + 16)), Vector512.Load(x + i + 16), acc1);
            }

            for (; i + 16 <= n; i += 16)
            {
                acc0 = Avx512F.FusedMultiplyAdd(Dequantize.HalfToSingle(Vector256.Load(w + i)), Vector512.Load(x + i), acc0);
            }

            sum = Vector512.Sum(acc0 + acc1);
        }

        for (; i < n; i++)
        {
            sum += (float)BitConverter.UInt16BitsToHalf(w[i]) * x[i];
        }

        return sum;
    }

    /// <summary>
    /// y[m, n] (+)= Σk x[m, k]·W[n, k] + bias[n] for a few rows of x (the decoder's per-token
    /// products): streams each weight row once and reuses it for every x row. Threads split the
    /// output rows.
    /// </summary>
    public static void LinearFew(float* x, int m, int ldx, WeightView w, float[]? bias, float* y, int ldy, bool accumulate, int threads, CancellationToken ct)
    {
        var n = w.Rows;
        var k = w.Columns;
        if ((long)n * k * m < ParallelThreshold)
        {
            threads = 1;
        }

        threads = Work.Resolve(threads);
        var blocks = threads == 1 ? 1 : threads * 8;
        var px = (nint)x;
        var py = (nint)y;
        Work.Run(blocks, threads, ct, t =>
        {
            var start = (int)((long)n * t / blocks);
            var end = (int)((long)n * (t + 1) / blocks);
            LinearRange((float*)px, m, ldx, w, bias, (float*)py, ldy, accumulate, start, end);
        });
    }

    private static void LinearRange(float* x, int m, int ldx, WeightView w, float[]? bias, float* y, int ldy, bool accumulate, int start, int end)
    {
        var k = w.Columns;
        var row = stackalloc float[k];
        for (var r = start; r < end; r++)
        {
            var b = bias is null ? 0f : bias[r];
            if (w.Type == GgmlType.F16 && m == 1)
            {
                var v = DotF16((ushort*)w.Row(r), x, k) + b;
                y[r] = accumulate ? y[r] + v : v;
                continue;
            }

            Dequantize.Row(w.Type, w.Row(r), row, k);
            for (var i = 0; i < m; i++)
            {
                var v = Dot(row, x + ((long)i * ldx), k) + b;
                var dst = y + ((long)i * ldy) + r;
                *dst = accumulate ? *dst + v : v;
            }
        }
    }
}
