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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gelu(float* x, int n)
    {
        var i = 0;
        // Vector256 only: Vector512.Exp falls back to scalar code where the runtime does not
        // report Vector512 as accelerated (it does not on Cascade Lake, to avoid down-clocking).
        if (Vector256.IsHardwareAccelerated)
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

            sum = HorizontalSum(Avx512F.Add(acc0, acc1));
        }

        for (; i < n; i++)
        {
            sum += (float)BitConverter.UInt16BitsToHalf(w[i]) * x[i];
        }

        return sum;
    }

    /// <summary>Four f16 rows (row stride <paramref name="stride"/> halves) against one vector; n a multiple of 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotF16x4(ushort* w, long stride, float* x, int n, float* result)
    {
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        var acc2 = Vector512<float>.Zero;
        var acc3 = Vector512<float>.Zero;
        var w1 = w + stride;
        var w2 = w1 + stride;
        var w3 = w2 + stride;
        for (var i = 0; i < n; i += 16)
        {
            var v = Vector512.Load(x + i);
            acc0 = Avx512F.FusedMultiplyAdd(Dequantize.HalfToSingle(Vector256.Load(w + i)), v, acc0);
            acc1 = Avx512F.FusedMultiplyAdd(Dequantize.HalfToSingle(Vector256.Load(w1 + i)), v, acc1);
            acc2 = Avx512F.FusedMultiplyAdd(Dequantize.HalfToSingle(Vector256.Load(w2 + i)), v, acc2);
            acc3 = Avx512F.FusedMultiplyAdd(Dequantize.HalfToSingle(Vector256.Load(w3 + i)), v, acc3);
        }

        result[0] = HorizontalSum(acc0);
        result[1] = HorizontalSum(acc1);
        result[2] = HorizontalSum(acc2);
        result[3] = HorizontalSum(acc3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalSum(Vector512<float> v)
    {
        var s = v.GetLower() + v.GetUpper();
        var t = s.GetLower() + s.GetUpper();
        return Vector128.Sum(t);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LinearRange(float* x, int m, int ldx, WeightView w, float[]? bias, float* y, int ldy, bool accumulate, int start, int end)
    {
        var k = w.Columns;
        var row = stackalloc float[k];
        var four = stackalloc float[4];
        var r = start;
        if (w.Type == GgmlType.F16 && m == 1 && Avx512F.IsSupported && k % 16 == 0)
        {
            for (; r + 4 <= end; r += 4)
            {
                DotF16x4((ushort*)w.Row(r), w.RowBytes / 2, x, k, four);
                for (var j = 0; j < 4; j++)
                {
                    var v = four[j] + (bias is null ? 0f : bias[r + j]);
                    y[r + j] = accumulate ? y[r + j] + v : v;
                }
            }
        }

        for (; r < end; r++)
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
