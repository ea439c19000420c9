using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// The small dense products Silero needs, register-blocked with Vector256 + FMA so each weight row is loaded once
/// for all (up to four) time steps of a window, or each input once for four weight rows. Falls back to
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> without AVX2/FMA.
/// Summation order differs from ggml's; the difference is far below the 0.01 parity budget.
/// </summary>
internal static class VadKernels
{
    private static readonly bool Accelerated = Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>
    /// y(r, c) = bias[r] + Σ_i w[r * n + i] · x[c * xStride + i], for r &lt; rows, c &lt; cols, stored at
    /// result[c * resultStride + r] (column-major: one output vector per column, e.g. per time step; a larger
    /// stride writes a block of rows into taller output vectors).
    /// Columns may overlap (xStride &lt; n): that is how the STFT reads hop-spaced frames, and a convolution reads
    /// its im2col columns straight from time-major activations, without copying.
    /// </summary>
    public static void MatMul(ReadOnlySpan<float> w, int rows, int n, ReadOnlySpan<float> x, int cols, int xStride, ReadOnlySpan<float> bias, Span<float> result, int resultStride)
    {
        if (w.Length < rows * n || x.Length < ((cols - 1) * xStride) + n || resultStride < rows
            || result.Length < ((cols - 1) * resultStride) + rows || (!bias.IsEmpty && bias.Length < rows))
        {
            throw new ArgumentException("MatMul operand sizes do not match.");
        }

        MatMulCore(w, rows, n, x, cols, xStride, result, resultStride);
        if (!bias.IsEmpty)
        {
            for (var c = 0; c < cols; c++)
            {
                var y = result.Slice(c * resultStride, rows);
                TensorPrimitives.Add(y, bias[..rows], y);
            }
        }
    }

    private static void MatMulCore(ReadOnlySpan<float> w, int rows, int n, ReadOnlySpan<float> x, int cols, int xStride, Span<float> result, int resultStride)
    {
        if (!Accelerated)
        {
            for (var r = 0; r < rows; r++)
            {
                var row = w.Slice(r * n, n);
                for (var c = 0; c < cols; c++)
                {
                    result[(c * resultStride) + r] = TensorPrimitives.Dot(row, x.Slice(c * xStride, n));
                }
            }

            return;
        }

        ref var w0 = ref MemoryMarshal.GetReference(w);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        if (cols == 1)
        {
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                Rows4(ref Unsafe.Add(ref w0, r * n), n, ref x0, result.Slice(r, 4));
            }

            for (; r < rows; r++)
            {
                result[r] = Dot1(ref Unsafe.Add(ref w0, r * n), ref x0, n);
            }
        }
        else
        {
            Span<float> four = stackalloc float[4];
            for (var r = 0; r < rows; r++)
            {
                ref var row = ref Unsafe.Add(ref w0, r * n);
                var c = 0;
                for (; c + 4 <= cols; c += 4)
                {
                    Cols4(ref row, n, ref Unsafe.Add(ref x0, c * xStride), xStride, four);
                    for (var j = 0; j < 4; j++)
                    {
                        result[((c + j) * resultStride) + r] = four[j];
                    }
                }

                for (; c < cols; c++)
                {
                    result[(c * resultStride) + r] = Dot1(ref row, ref Unsafe.Add(ref x0, c * xStride), n);
                }
            }
        }
    }

    /// <summary>Rounds every value to the nearest half-precision value (ties to even), as ggml's f16 im2col does.</summary>
    public static void RoundToHalf(Span<float> values, Span<Half> scratch)
    {
        var h = scratch[..values.Length];
        TensorPrimitives.ConvertToHalf(values, h);
        TensorPrimitives.ConvertToSingle(h, values);
    }

    private static float Dot1(ref float a, ref float b, int n)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            s0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
            s1 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(i + 8)), Vector256.LoadUnsafe(ref b, (nuint)(i + 8)), s1);
        }

        for (; i + 8 <= n; i += 8)
        {
            s0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
        }

        var sum = Vector256.Sum(s0 + s1);
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        }

        return sum;
    }

    // Four consecutive weight rows against one input.
    private static void Rows4(ref float w, int n, ref float x, Span<float> result)
    {
        ref var w1 = ref Unsafe.Add(ref w, n);
        ref var w2 = ref Unsafe.Add(ref w, 2 * n);
        ref var w3 = ref Unsafe.Add(ref w, 3 * n);
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var xv = Vector256.LoadUnsafe(ref x, (nuint)i);
            s0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref w, (nuint)i), xv, s0);
            s1 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref w1, (nuint)i), xv, s1);
            s2 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref w2, (nuint)i), xv, s2);
            s3 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref w3, (nuint)i), xv, s3);
        }

        float r0 = Vector256.Sum(s0), r1 = Vector256.Sum(s1), r2 = Vector256.Sum(s2), r3 = Vector256.Sum(s3);
        for (; i < n; i++)
        {
            var xi = Unsafe.Add(ref x, i);
            r0 += Unsafe.Add(ref w, i) * xi;
            r1 += Unsafe.Add(ref w1, i) * xi;
            r2 += Unsafe.Add(ref w2, i) * xi;
            r3 += Unsafe.Add(ref w3, i) * xi;
        }

        result[0] = r0;
        result[1] = r1;
        result[2] = r2;
        result[3] = r3;
    }

    // One weight row against four inputs xStride apart.
    private static void Cols4(ref float w, int n, ref float x, int xStride, Span<float> result)
    {
        ref var x1 = ref Unsafe.Add(ref x, xStride);
        ref var x2 = ref Unsafe.Add(ref x, 2 * xStride);
        ref var x3 = ref Unsafe.Add(ref x, 3 * xStride);
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var wv = Vector256.LoadUnsafe(ref w, (nuint)i);
            s0 = Fma.MultiplyAdd(wv, Vector256.LoadUnsafe(ref x, (nuint)i), s0);
            s1 = Fma.MultiplyAdd(wv, Vector256.LoadUnsafe(ref x1, (nuint)i), s1);
            s2 = Fma.MultiplyAdd(wv, Vector256.LoadUnsafe(ref x2, (nuint)i), s2);
            s3 = Fma.MultiplyAdd(wv, Vector256.LoadUnsafe(ref x3, (nuint)i), s3);
        }

        float r0 = Vector256.Sum(s0), r1 = Vector256.Sum(s1), r2 = Vector256.Sum(s2), r3 = Vector256.Sum(s3);
        for (; i < n; i++)
        {
            var wi = Unsafe.Add(ref w, i);
            r0 += wi * Unsafe.Add(ref x, i);
            r1 += wi * Unsafe.Add(ref x1, i);
            r2 += wi * Unsafe.Add(ref x2, i);
            r3 += wi * Unsafe.Add(ref x3, i);
        }

        result[0] = r0;
        result[1] = r1;
        result[2] = r2;
        result[3] = r3;
    }
}
