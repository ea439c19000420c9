namespace VoiceCoach.Whisper.Ggml;

/// <summary>ggml tensor element types this engine reads (values as stored in the file).</summary>
internal enum GgmlType
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
}

/// <summary>Block sizes of the ggml types: elements per block and bytes per block.</summary>
internal static class GgmlTypes
{
    public static bool IsKnown(int type) => type is 0 or 1 or 2 or 3 or 6 or 7 or 8;

    public static bool IsQuantized(GgmlType type) => type is not (GgmlType.F32 or GgmlType.F16);

    public static int BlockElements(GgmlType type) => IsQuantized(type) ? 32 : 1;

    public static int BlockBytes(GgmlType type) => type switch
    {
        GgmlType.F32 => 4,
        GgmlType.F16 => 2,
        GgmlType.Q4_0 => 18,
        GgmlType.Q4_1 => 20,
        GgmlType.Q5_0 => 22,
        GgmlType.Q5_1 => 24,
        GgmlType.Q8_0 => 34,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown ggml type"),
    };

    public static string Name(GgmlType type) => type switch
    {
        GgmlType.F32 => "f32",
        GgmlType.F16 => "f16",
        GgmlType.Q4_0 => "q4_0",
        GgmlType.Q4_1 => "q4_1",
        GgmlType.Q5_0 => "q5_0",
        GgmlType.Q5_1 => "q5_1",
        GgmlType.Q8_0 => "q8_0",
        _ => ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Bytes of one row of <paramref name="elements"/> elements (elements must be a multiple of the block size).</summary>
    public static long RowBytes(GgmlType type, long elements) => elements / BlockElements(type) * BlockBytes(type);
}
