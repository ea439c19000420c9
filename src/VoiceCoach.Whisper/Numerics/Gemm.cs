using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceCoach.Whisper.Numerics;

/// <summary>
/// C[M × N] (+)= A[M × K] · B + bias, with B packed in 32-wide column panels. The micro-kernel
/// keeps an 8 × 32 tile of C in sixteen AVX-512 registers (or a 4 × 32 tile in AVX2 registers) and
/// streams one panel row and eight broadcast A values per k.
/// </summary>
internal static unsafe class Gemm
{
    private const int Nr = PackedMatrix.PanelWidth;
    private const int RowsPerTask = 64;

    /// <summary>Multi-threaded over blocks of rows; each task sweeps every panel for its rows.</summary>
    public static void Multiply(float* a, int lda, int m, PackedMatrix b, float* c, int ldc, float[]? bias, bool accumulate, int threads, CancellationToken ct)
    {
        var tasks = (m + RowsPerTask - 1) / RowsPerTask;
        var cPtr = (nint)c;
        var aPtr = (nint)a;
        Work.Run(tasks, threads, ct, t =>
        {
            var r0 = t * RowsPerTask;
            var rows = Math.Min(RowsPerTask, m - r0);
            MultiplyBlock((float*)aPtr + ((long)r0 * lda), lda, rows, b, (float*)cPtr + ((long)r0 * ldc), ldc, bias, accumulate);
        });
    }

    /// <summary>Single-threaded product for a block of rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyBlock(float* a, int lda, int m, PackedMatrix b, float* c, int ldc, float[]? bias, bool accumulate)
    {
        var k = b.K;
        var tile = stackalloc float[8 * Nr];
        var packed = b.Data;
        fixed (float* biasPtr = bias)
        {
            for (var p = 0; p < b.Panels; p++)
            {
                var panel = packed + ((long)p * b.PanelStride);
                var n0 = p * Nr;
                var width = Math.Min(Nr, b.N - n0);
                var i = 0;
                if (Avx512F.IsSupported)
                {
                    for (; i + 8 <= m; i += 8)
                    {
                        Kernel8x32(a + ((long)i * lda), lda, panel, k, tile);
                        Store(tile, 8, c + ((long)i * ldc) + n0, ldc, width, biasPtr == null ? null : biasPtr + n0, accumulate);
                    }
                }
                else
                {
                    for (; i + 4 <= m; i += 4)
                    {
                        Kernel4x32(a + ((long)i * lda), lda, panel, k, tile);
                        Store(tile, 4, c + ((long)i * ldc) + n0, ldc, width, biasPtr == null ? null : biasPtr + n0, accumulate);
                    }
                }

                for (; i < m; i++)
                {
                    Kernel1x32(a + ((long)i * lda), panel, k, tile);
                    Store(tile, 1, c + ((long)i * ldc) + n0, ldc, width, biasPtr == null ? null : biasPtr + n0, accumulate);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* tile, int rows, float* c, int ldc, int width, float* bias, bool accumulate)
    {
        for (var r = 0; r < rows; r++)
        {
            var t = tile + (r * Nr);
            var dst = c + ((long)r * ldc);
            if (width == Nr && Vector256.IsHardwareAccelerated)
            {
                for (var j = 0; j < Nr; j += 8)
                {
                    var v = Vector256.Load(t + j);
                    if (bias != null)
                    {
                        v += Vector256.Load(bias + j);
                    }

                    if (accumulate)
                    {
                        v += Vector256.Load(dst + j);
                    }

                    v.Store(dst + j);
                }
            }
            else
            {
                for (var j = 0; j < width; j++)
                {
                    var v = t[j];
                    if (bias != null)
                    {
                        v += bias[j];
                    }

                    dst[j] = accumulate ? dst[j] + v : v;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(float* a, int lda, float* b, int k, float* tile)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        var a0 = a;
        var a1 = a + lda;
        var a2 = a1 + lda;
        var a3 = a2 + lda;
        var a4 = a3 + lda;
        var a5 = a4 + lda;
        var a6 = a5 + lda;
        var a7 = a6 + lda;
        for (var kk = 0; kk < k; kk++, b += Nr)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a0[kk]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[kk]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[kk]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[kk]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[kk]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a5[kk]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a6[kk]);
            c60 = Avx512F.FusedMultiplyAdd(x, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a7[kk]);
            c70 = Avx512F.FusedMultiplyAdd(x, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
        }

        c00.Store(tile); c01.Store(tile + 16);
        c10.Store(tile + 32); c11.Store(tile + 48);
        c20.Store(tile + 64); c21.Store(tile + 80);
        c30.Store(tile + 96); c31.Store(tile + 112);
        c40.Store(tile + 128); c41.Store(tile + 144);
        c50.Store(tile + 160); c51.Store(tile + 176);
        c60.Store(tile + 192); c61.Store(tile + 208);
        c70.Store(tile + 224); c71.Store(tile + 240);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x32(float* a, int lda, float* b, int k, float* tile)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero; var c02 = Vector256<float>.Zero; var c03 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero; var c12 = Vector256<float>.Zero; var c13 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero; var c22 = Vector256<float>.Zero; var c23 = Vector256<float>.Zero;
        var a0 = a;
        var a1 = a + lda;
        var a2 = a1 + lda;
        var a3 = a2 + lda;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero; var c32 = Vector256<float>.Zero; var c33 = Vector256<float>.Zero;
        for (var kk = 0; kk < k; kk++, b += Nr)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var b2 = Vector256.Load(b + 16);
            var b3 = Vector256.Load(b + 24);
            var x = Vector256.Create(a0[kk]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector256.FusedMultiplyAdd(x, b2, c02); c03 = Vector256.FusedMultiplyAdd(x, b3, c03);
            x = Vector256.Create(a1[kk]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector256.FusedMultiplyAdd(x, b2, c12); c13 = Vector256.FusedMultiplyAdd(x, b3, c13);
            x = Vector256.Create(a2[kk]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector256.FusedMultiplyAdd(x, b2, c22); c23 = Vector256.FusedMultiplyAdd(x, b3, c23);
            x = Vector256.Create(a3[kk]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector256.FusedMultiplyAdd(x, b2, c32); c33 = Vector256.FusedMultiplyAdd(x, b3, c33);
        }

        c00.Store(tile); c01.Store(tile + 8); c02.Store(tile + 16); c03.Store(tile + 24);
        c10.Store(tile + 32); c11.Store(tile + 40); c12.Store(tile + 48); c13.Store(tile + 56);
        c20.Store(tile + 64); c21.Store(tile + 72); c22.Store(tile + 80); c23.Store(tile + 88);
        c30.Store(tile + 96); c31.Store(tile + 104); c32.Store(tile + 112); c33.Store(tile + 120);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x32(float* a, float* b, int k, float* tile)
    {
        var c0 = Vector256<float>.Zero; var c1 = Vector256<float>.Zero; var c2 = Vector256<float>.Zero; var c3 = Vector256<float>.Zero;
        for (var kk = 0; kk < k; kk++, b += Nr)
        {
            var x = Vector256.Create(a[kk]);
            c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b), c0);
            c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 8), c1);
            c2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 16), c2);
            c3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 24), c3);
        }

        c0.Store(tile); c1.Store(tile + 8); c2.Store(tile + 16); c3.Store(tile + 24);
    }
}
