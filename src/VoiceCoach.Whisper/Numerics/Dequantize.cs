using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VoiceCoach.Whisper.Ggml;

namespace VoiceCoach.Whisper.Numerics;

/// <summary>Converts rows of f16 and quantised ggml blocks to f32 (the block layouts of ggml-common.h).</summary>
internal static unsafe class Dequantize
{
    private static readonly Vector512<uint> LowShifts = Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    private static readonly Vector512<uint> HighShifts = Vector512.Create(16u, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);

    public static float[] ToArray(GgmlTensor tensor)
    {
        var result = new float[tensor.Rows * tensor.RowLength];
        for (var r = 0; r < tensor.Rows; r++)
        {
            Row(tensor.Type, tensor.Row(r), result.AsSpan(r * tensor.RowLength, tensor.RowLength));
        }

        return result;
    }

    public static void Row(GgmlType type, byte* src, Span<float> dst)
    {
        fixed (float* d = dst)
        {
            Row(type, src, d, dst.Length);
        }
    }

    public static void Row(GgmlType type, byte* src, float* dst, int n)
    {
        switch (type)
        {
            case GgmlType.F32:
                Buffer.MemoryCopy(src, dst, (long)n * 4, (long)n * 4);
                break;
            case GgmlType.F16:
                HalfToSingle((ushort*)src, dst, n);
                break;
            case GgmlType.Q8_0:
                Q8_0(src, dst, n);
                break;
            case GgmlType.Q4_0:
                Q4(src, dst, n, withMin: false);
                break;
            case GgmlType.Q4_1:
                Q4(src, dst, n, withMin: true);
                break;
            case GgmlType.Q5_0:
                Q5(src, dst, n, withMin: false);
                break;
            case GgmlType.Q5_1:
                Q5(src, dst, n, withMin: true);
                break;
            default:
                throw new NotSupportedException($"ggml type {type}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Half(byte* p) => (float)Unsafe.ReadUnaligned<Half>(p);

    /// <summary>
    /// f16 → f32 by bit manipulation: sign-extend, shift exponent and mantissa into place, clear
    /// the copies of the sign that land in the top exponent bits, and rescale by 2^112, which also
    /// gets subnormals right. Infinities and NaNs (absent from weights) are not preserved.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HalfToSingle(Vector256<ushort> h)
    {
        var w = Avx512F.ConvertToVector512Int32(h.AsInt16());
        var bits = Avx512F.And(Avx512F.ShiftLeftLogical(w, 13), Vector512.Create(unchecked((int)0x8FFFE000)));
        return Avx512F.Multiply(bits.AsSingle(), Vector512.Create(5.192296858534828e33f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HalfToSingle(Vector128<ushort> h)
    {
        var w = Vector256.Create(Vector128.WidenLower(h.AsInt16()), Vector128.WidenUpper(h.AsInt16()));
        var bits = (w << 13) & Vector256.Create(unchecked((int)0x8FFFE000));
        return bits.AsSingle() * Vector256.Create(5.192296858534828e33f);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HalfToSingle(ushort* src, float* dst, int n)
    {
        var i = 0;
        if (Avx512F.IsSupported)
        {
            for (; i + 16 <= n; i += 16)
            {
                HalfToSingle(Vector256.Load(src + i)).Store(dst + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                HalfToSingle(Vector128.Load(src + i)).Store(dst + i);
            }
        }

        for (; i < n; i++)
        {
            dst[i] = (float)BitConverter.UInt16BitsToHalf(src[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Q8_0(byte* src, float* dst, int n)
    {
        for (var b = 0; b < n / 32; b++, src += 34, dst += 32)
        {
            var d = Half(src);
            var q = (sbyte*)(src + 2);
            if (Avx512F.IsSupported)
            {
                var scale = Vector512.Create(d);
                var lo = Avx512F.ConvertToVector512Int32(Vector128.Load(q));
                var hi = Avx512F.ConvertToVector512Int32(Vector128.Load(q + 16));
                (Avx512F.ConvertToVector512Single(lo) * scale).Store(dst);
                (Avx512F.ConvertToVector512Single(hi) * scale).Store(dst + 16);
            }
            else
            {
                for (var j = 0; j < 32; j++)
                {
                    dst[j] = q[j] * d;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Q4(byte* src, float* dst, int n, bool withMin)
    {
        var blockBytes = withMin ? 20 : 18;
        for (var b = 0; b < n / 32; b++, src += blockBytes, dst += 32)
        {
            var d = Half(src);
            var m = withMin ? Half(src + 2) : -8f * d;
            var qs = src + (withMin ? 4 : 2);
            if (Avx512F.IsSupported)
            {
                var bytes = Vector128.Load(qs);
                var scale = Vector512.Create(d);
                var offset = Vector512.Create(m);
                var lo = Avx512F.ConvertToVector512Int32(bytes & Vector128.Create((byte)0x0f));
                var hi = Avx512F.ConvertToVector512Int32(Vector128.ShiftRightLogical(bytes, 4));
                Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(lo), scale, offset).Store(dst);
                Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(hi), scale, offset).Store(dst + 16);
                continue;
            }

            for (var j = 0; j < 16; j++)
            {
                dst[j] = ((qs[j] & 0xf) * d) + m;
                dst[j + 16] = ((qs[j] >> 4) * d) + m;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Q5(byte* src, float* dst, int n, bool withMin)
    {
        var blockBytes = withMin ? 24 : 22;
        for (var b = 0; b < n / 32; b++, src += blockBytes, dst += 32)
        {
            var d = Half(src);
            var m = withMin ? Half(src + 2) : -16f * d;
            var qh = Unsafe.ReadUnaligned<uint>(src + (withMin ? 4 : 2));
            var qs = src + (withMin ? 8 : 6);
            if (Avx512F.IsSupported)
            {
                // Element j's fifth bit is bit j of qh (j < 16) or bit j + 16 (the high nibbles).
                var bytes = Vector128.Load(qs);
                var scale = Vector512.Create(d);
                var offset = Vector512.Create(m);
                var high = Vector512.Create(qh);
                var lowBits = (Avx512F.ShiftRightLogicalVariable(high, LowShifts) & Vector512<uint>.One) << 4;
                var highBits = (Avx512F.ShiftRightLogicalVariable(high, HighShifts) & Vector512<uint>.One) << 4;
                var lo = Avx512F.ConvertToVector512UInt32(bytes & Vector128.Create((byte)0x0f)) | lowBits;
                var hi = Avx512F.ConvertToVector512UInt32(Vector128.ShiftRightLogical(bytes, 4)) | highBits;
                Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(lo.AsInt32()), scale, offset).Store(dst);
                Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(hi.AsInt32()), scale, offset).Store(dst + 16);
                continue;
            }

            for (var j = 0; j < 16; j++)
            {
                var h0 = ((qh >> j) << 4) & 0x10;
                var h1 = (qh >> (j + 12)) & 0x10;
                dst[j] = (((uint)(qs[j] & 0xf) | h0) * d) + m;
                dst[j + 16] = (((uint)(qs[j] >> 4) | h1) * d) + m;
            }
        }
    }
}
