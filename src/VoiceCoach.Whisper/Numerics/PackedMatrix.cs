using System.Buffers;
using System.Runtime.CompilerServices;

namespace VoiceCoach.Whisper.Numerics;

/// <summary>
/// The right-hand operand B[K × N] of a matrix product, converted to f32 and laid out in column
/// panels of <see cref="PanelWidth"/>: panel p holds B[k, 32p..32p+31] for k = 0..K-1, contiguous,
/// zero-padded past N. The memory is either rented from the shared pool and pinned (dispose
/// returns it) or a region of a caller's workspace (<see cref="Size"/> floats; dispose does
/// nothing). Built once, read by any number of threads.
/// </summary>
internal sealed unsafe class PackedMatrix : IDisposable
{
    public const int PanelWidth = 32;

    private float[]? _rented;
    private System.Runtime.InteropServices.GCHandle _pin;
    private float* _data;

    public PackedMatrix(int k, int n)
    {
        K = k;
        N = n;
        Panels = (n + PanelWidth - 1) / PanelWidth;
        _rented = ArrayPool<float>.Shared.Rent(checked((int)Size(k, n)));
        _pin = System.Runtime.InteropServices.GCHandle.Alloc(_rented, System.Runtime.InteropServices.GCHandleType.Pinned);
        _data = (float*)_pin.AddrOfPinnedObject();
    }

    /// <summary>A view over <see cref="Size"/>(k, n) floats the caller owns and keeps alive.</summary>
    public PackedMatrix(int k, int n, float* memory)
    {
        K = k;
        N = n;
        Panels = (n + PanelWidth - 1) / PanelWidth;
        _data = memory;
    }

    public int K { get; }

    public int N { get; }

    public int Panels { get; }

    public float* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(PackedMatrix));

    public int PanelStride => K * PanelWidth;

    /// <summary>Floats needed for a packed K × N matrix.</summary>
    public static long Size(int k, int n) => (long)((n + PanelWidth - 1) / PanelWidth) * PanelWidth * k;

    /// <summary>Packs the transpose of a stored weight matrix (rows = outputs): B[k, n] = W[n, k].</summary>
    public static PackedMatrix FromWeight(WeightView w, int threads, CancellationToken ct)
    {
        var packed = new PackedMatrix(w.Columns, w.Rows);
        try
        {
            packed.PackWeight(w, 0, 1, threads, ct);
            return packed;
        }
        catch
        {
            packed.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Packs B[k, n] = W[n, k·taps + tap] from a stored weight matrix (rows = outputs): with taps = 1
    /// the transpose of W; with taps = 3 one tap of a width-3 convolution kernel stored [out][in][tap].
    /// </summary>
    public void PackWeight(WeightView w, int tap, int taps, int threads, CancellationToken ct)
    {
        var packed = this;
        var columns = w.Columns;
        {
            Work.Run(packed.Panels, threads, ct, p =>
            {
                var k = packed.K;
                var row = ArrayPool<float>.Shared.Rent(columns);
                try
                {
                    var buf = packed.Data;
                    fixed (float* r = row)
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
                            Dequantize.Row(w.Type, w.Row(n0 + j), r, columns);
                            for (var kk = 0; kk < k; kk++)
                            {
                                panel[(kk * PanelWidth) + j] = r[(kk * taps) + tap];
                            }
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(row);
                }
            });
        }
    }

    /// <summary>Packs B[k, n] = src[n * ld + k] (rows of src are the columns of B), single-threaded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackTransposed(float* src, int ld)
    {
        var buf = Data;
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
        var buf = Data;
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
        if (_rented is not null)
        {
            _pin.Free();
            ArrayPool<float>.Shared.Return(_rented);
            _rented = null;
        }

        _data = null;
    }
}
