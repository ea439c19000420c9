using VoiceCoach.Whisper.Ggml;

namespace VoiceCoach.Whisper.Numerics;

/// <summary>
/// A read-only row-major f32 matrix: either a pointer straight into the mapped file (f32 tensors)
/// or a pinned array converted once at load (f16 tensors, so the file's copy is never used again).
/// </summary>
internal sealed unsafe class Matrix
{
    private readonly float[]? _owned;

    private Matrix(float* data, float[]? owned, int rows, int columns)
    {
        Data = data;
        _owned = owned;
        Rows = rows;
        Columns = columns;
    }

    public float* Data { get; }

    public int Rows { get; }

    public int Columns { get; }

    public float* Row(int row) => Data + ((long)row * Columns);

    public static Matrix From(GgmlTensor tensor)
    {
        if (tensor.Type == GgmlType.F32)
        {
            return new Matrix((float*)tensor.Data, null, tensor.Rows, tensor.RowLength);
        }

        var owned = GC.AllocateUninitializedArray<float>(tensor.Rows * tensor.RowLength, pinned: true);
        for (var r = 0; r < tensor.Rows; r++)
        {
            Dequantize.Row(tensor.Type, tensor.Row(r), owned.AsSpan(r * tensor.RowLength, tensor.RowLength));
        }

        fixed (float* p = owned)
        {
            // The array is pinned for its lifetime (allocated on the pinned heap), so the pointer stays valid.
            return new Matrix(p, owned, tensor.Rows, tensor.RowLength);
        }
    }

    /// <summary>Keeps the owned array reachable for as long as this matrix is.</summary>
    public bool OwnsMemory => _owned is not null;
}

/// <summary>A weight matrix as stored: <see cref="Rows"/> rows of <see cref="Columns"/> elements of one ggml type.</summary>
internal readonly unsafe struct WeightView
{
    public WeightView(byte* data, GgmlType type, int rows, int columns)
    {
        Data = data;
        Type = type;
        Rows = rows;
        Columns = columns;
        RowBytes = GgmlTypes.RowBytes(type, columns);
    }

    public WeightView(GgmlTensor tensor)
        : this(tensor.Data, tensor.Type, tensor.Rows, tensor.RowLength)
    {
    }

    public byte* Data { get; }

    public GgmlType Type { get; }

    public int Rows { get; }

    public int Columns { get; }

    public long RowBytes { get; }

    public byte* Row(int row) => Data + (row * RowBytes);
}
