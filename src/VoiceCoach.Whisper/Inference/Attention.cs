using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Inference;

/// <summary>Multi-head attention kernels.</summary>
internal static unsafe class Attention
{
    private const int QueryBlock = 64;

    /// <summary>Floats of workspace the packed keys and values of every head take.</summary>
    public static long PackedSize(int n, int width, int heads)
    {
        var d = width / heads;
        return heads * (PackedMatrix.Size(d, n) + PackedMatrix.Size(n, d));
    }

    /// <summary>Packs keys (transposed) of every head into the first half of <paramref name="packed"/> (<see cref="PackedSize"/> floats).</summary>
    public static void PackKeys(float* k, int n, int width, int heads, float* packed, int threads, CancellationToken ct)
    {
        var d = width / heads;
        var pk = (nint)k;
        var pp = (nint)packed;
        Work.Run(heads, threads, ct, h => Keys((float*)pp, n, d, h).PackTransposed((float*)pk + (h * d), width));
    }

    /// <summary>Packs values of every head into the second half of <paramref name="packed"/>.</summary>
    public static void PackValues(float* v, int n, int width, int heads, float* packed, int threads, CancellationToken ct)
    {
        var d = width / heads;
        var pv = (nint)v;
        var pp = (nint)packed;
        Work.Run(heads, threads, ct, h => Values((float*)pp, n, d, heads, h).PackRows((float*)pv + (h * d), width));
    }

    private static PackedMatrix Keys(float* packed, int n, int d, int h) => new(d, n, packed + (h * PackedMatrix.Size(d, n)));

    private static PackedMatrix Values(float* packed, int n, int d, int heads, int h) =>
        new(n, d, packed + (heads * PackedMatrix.Size(d, n)) + (h * PackedMatrix.Size(n, d)));

    /// <summary>
    /// Unmasked self-attention over n positions (the encoder) against keys and values packed by
    /// <see cref="PackKeys"/> and <see cref="PackValues"/>: per head and block of 64 queries,
    /// scores = (Q/√d)·Kᵀ, softmax, × V, so a task's score matrix is 64 × n, never n × n.
    /// q and output are [n × width] row-major; heads are column slices of width/heads.
    /// <para>q is scaled by 1/√d in place first, in a pass of its own that finishes before any
    /// task reads it: tasks share rows of q (every head's task reads its column slice of the same
    /// rows), so scaling inside a task — over whole rows, or before another task has read its
    /// slice — would scale some queries twice or race with their readers.</para>
    /// </summary>
    public static void SelfAttention(float* q, float* output, int n, int width, int heads, float* packed, int threads, CancellationToken ct)
    {
        var d = width / heads;
        var scale = 1f / MathF.Sqrt(d);
        var blocks = (n + QueryBlock - 1) / QueryBlock;
        var pq = (nint)q;
        var po = (nint)output;
        var pp = (nint)packed;
        Work.Run(blocks, threads, ct, b =>
        {
            var r0 = b * QueryBlock;
            var count = (long)Math.Min(QueryBlock, n - r0) * width;
            var span = new Span<float>((float*)pq + ((long)r0 * width), checked((int)count));
            System.Numerics.Tensors.TensorPrimitives.Multiply(span, scale, span);
        });
        Work.Run(heads * blocks, threads, ct, task =>
        {
            var h = task / blocks;
            var r0 = task % blocks * QueryBlock;
            var rows = Math.Min(QueryBlock, n - r0);
            var keys = Keys((float*)pp, n, d, h);
            var values = Values((float*)pp, n, d, heads, h);
            var scores = System.Buffers.ArrayPool<float>.Shared.Rent(rows * n);
            try
            {
                fixed (float* s = scores)
                {
                    Gemm.MultiplyBlock((float*)pq + ((long)r0 * width) + (h * d), width, rows, keys, s, n, null, accumulate: false);
                    for (var r = 0; r < rows; r++)
                    {
                        Ops.Softmax(s + ((long)r * n), n);
                    }

                    Gemm.MultiplyBlock(s, n, rows, values, (float*)po + ((long)r0 * width) + (h * d), width, null, accumulate: false);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(scores);
            }
        });
    }
}
