using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Inference;

/// <summary>Multi-head attention kernels.</summary>
internal static unsafe class Attention
{
    private const int QueryBlock = 64;

    /// <summary>
    /// Unmasked self-attention over n positions (the encoder): per head and block of 64 queries,
    /// scores = Q·Kᵀ/√d, softmax, × V, without materialising the n × n matrix for all heads.
    /// q, k, v, output are [n × width] row-major; heads are column slices of width/heads.
    /// </summary>
    public static void SelfAttention(float* q, float* k, float* v, float* output, int n, int width, int heads, int threads, CancellationToken ct)
    {
        var d = width / heads;
        var scale = 1f / MathF.Sqrt(d);
        var keys = new PackedMatrix[heads];
        var values = new PackedMatrix[heads];
        try
        {
            var pk = (nint)k;
            var pv = (nint)v;
            for (var h = 0; h < heads; h++)
            {
                keys[h] = new PackedMatrix(d, n);
                values[h] = new PackedMatrix(n, d);
            }

            Work.Run(heads, threads, ct, h =>
            {
                keys[h].PackTransposed((float*)pk + (h * d), width);
                values[h].PackRows((float*)pv + (h * d), width);
            });

            var blocks = (n + QueryBlock - 1) / QueryBlock;
            var pq = (nint)q;
            var po = (nint)output;
            Work.Run(heads * blocks, threads, ct, task =>
            {
                var h = task / blocks;
                var r0 = task % blocks * QueryBlock;
                var rows = Math.Min(QueryBlock, n - r0);
                var scores = System.Buffers.ArrayPool<float>.Shared.Rent(rows * n);
                try
                {
                    fixed (float* s = scores)
                    {
                        Gemm.MultiplyBlock((float*)pq + ((long)r0 * width) + (h * d), width, rows, keys[h], s, n, null, accumulate: false);
                        for (var r = 0; r < rows; r++)
                        {
                            var row = s + ((long)r * n);
                            var span = new Span<float>(row, n);
                            System.Numerics.Tensors.TensorPrimitives.Multiply(span, scale, span);
                            Ops.Softmax(row, n);
                        }

                        Gemm.MultiplyBlock(s, n, rows, values[h], (float*)po + ((long)r0 * width) + (h * d), width, null, accumulate: false);
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<float>.Shared.Return(scores);
                }
            });
        }
        finally
        {
            foreach (var p in keys)
            {
                p?.Dispose();
            }

            foreach (var p in values)
            {
                p?.Dispose();
            }
        }
    }
}
