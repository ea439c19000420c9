using System.Buffers;
using System.Runtime.CompilerServices;

namespace VoiceCoach.Whisper.Numerics;

/// <summary>
/// The right-hand operand B[K × N] of a matrix product, converted to f32 and laid out in column
/// panels of <see cref="PanelWidth"/>: panel p holds B[k, 32p..32p+31] for k = 0..K-1, contiguous,
/// zero-padded past N. The buffer is rented from the shared pool; dispose returns it. Built once,
/// read by any number of threads.
/// </summary>
internal sealed unsafe class PackedMatrix : IDisposable
{
    public const int PanelWidth = 32;

    private float[]? _buffer;

    public PackedMatrix(int k, int n)
    {
        K = k;
        N = n;
        Panels = (n + PanelWidth - 1) / PanelWidth;
        _buffer = ArrayPool<float>.Shared.Rent(Panels * k * PanelWidth);
    }

    public int K { get; }

    public int N { get; }

    public int Panels { get; }

    public float[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PackedMatrix));

    public int PanelStride => K * PanelWidth;

    /// <summary>Packs the transpose of a stored weight matrix (rows = outputs): B[k, n] = W[n, k].</summary>
    public static PackedMatrix FromWeight(WeightView w, int threads, CancellationToken ct)
    {
        var packed = new PackedMatrix(w.Columns, w.Rows);
        try
        {
            Work.Run(packed.Panels, threads, ct, p =>
            {
                var k = packed.K;
                var row = ArrayPool<float>.Shared.Rent(k);
                try
                {
                    fixed (float* buf = packed.Buffer, r = row)
                    {
                        var panel = buf + ((long)p * packed.PanelStride);
                        var n0 = p * PanelWidth;
                        var width = Math.Min(PanelWidth, packed.N - n0);
                        if (width < PanelWidth)
                        {
                            new Span<float>(panel, packed.PanelStride).Clear();
                        }

                        for (var j = 0; j < width; j++)
                        {
                            Dequantize.Row(w.Type, w.Row(n0 + j), r, k);
                            for (var kk = 0; kk < k; kk++)
                            {
                                panel[(kk * PanelWidth) + j] = r[kk];
                            }
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(row);
                }
            });
            return packed;
        }
        catch
        {
            packed.Dispose();
            throw;
        }
    }

    /// <summary>Packs B[k, n] = src[n * ld + k] (rows of src are the columns of B), single-threaded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackTransposed(float* src, int ld)
    {
        fixed (float* buf = Buffer)
        {
            for (var p = 0; p < Panels; p++)
            {
                var panel = buf + ((long)p * PanelStride);
                var n0 = p * PanelWidth;
                var width = Math.Min(PanelWidth, N - n0);
                if (width < PanelWidth)
                {
                    new Span<float>(panel, PanelStride).Clear();
                }

                for (var j = 0; j < width; j++)
                {
                    var s = src + ((long)(n0 + j) * ld);
                    for (var kk = 0; kk < K; kk++)
                    {
                        panel[(kk * PanelWidth) + j] = s[kk];
                    }
                }
            }
        }
    }

    /// <summary>Packs B[k, n] = src[k * ld + n] (src is B row-major), single-threaded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackRows(float* src, int ld)
    {
        fixed (float* buf = Buffer)
        {
            for (var p = 0; p < Panels; p++)
            {
                var panel = buf + ((long)p * PanelStride);
                var n0 = p * PanelWidth;
                var width = Math.Min(PanelWidth, N - n0);
                for (var kk = 0; kk < K; kk++)
                {
                    var d = panel + (kk * PanelWidth);
                    var s = src + ((long)kk * ld) + n0;
                    System.Buffer.MemoryCopy(s, d, PanelWidth * 4, width * 4);
                    for (var j = width; j < PanelWidth; j++)
                    {
                        d[j] = 0;
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
