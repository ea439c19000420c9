namespace VoiceCoach.Whisper.Ggml;

/// <summary>
/// One named tensor inside a memory-mapped ggml file. <see cref="Data"/> points into the mapping
/// owned by <see cref="GgmlFile"/>; it is valid until that file is disposed. Read-only, so any
/// number of threads may read it at once.
/// </summary>
internal sealed unsafe class GgmlTensor
{
    public GgmlTensor(string name, GgmlType type, int[] shape, long offset, byte* data)
    {
        Name = name;
        Type = type;
        Shape = shape;
        Offset = offset;
        Data = data;
    }

    public string Name { get; }

    public GgmlType Type { get; }

    /// <summary>ggml's ne[]: Shape[0] is the contiguous (fastest) dimension.</summary>
    public int[] Shape { get; }

    /// <summary>Offset of the data in the file.</summary>
    public long Offset { get; }

    public byte* Data { get; }

    /// <summary>Elements per row (ne0).</summary>
    public int RowLength => Shape[0];

    /// <summary>Rows: the product of ne1, ne2...</summary>
    public int Rows
    {
        get
        {
            var rows = 1;
            for (var i = 1; i < Shape.Length; i++)
            {
                rows *= Shape[i];
            }

            return rows;
        }
    }

    public long RowBytes => GgmlTypes.RowBytes(Type, RowLength);

    public long ByteCount => RowBytes * Rows;

    public byte* Row(int row) => Data + (row * RowBytes);
}
