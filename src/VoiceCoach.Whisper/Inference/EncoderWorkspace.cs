using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Inference;

/// <summary>
/// One block of floats holding every intermediate of an encoder window (or of the cross-attention keys and values
/// computed from it), laid out by <see cref="Encoder"/> and <see cref="Decoder.ComputeCross"/> so that buffers whose
/// lifetimes do not overlap share memory. Each call maps its own and unmaps it when it returns (<see cref="PageMemory"/>),
/// so the scratch is resident only while a window is encoded, never while tokens are decoded, and concurrent calls
/// need no coordination. Mapping costs page faults only for the pages written (a few ms a window, against hundreds).
/// The caller disposes it.
/// </summary>
internal sealed unsafe class EncoderWorkspace : IDisposable
{
    private readonly PageMemory _memory;

    public EncoderWorkspace(long floats)
    {
        Length = floats;
        _memory = PageMemory.Allocate(checked(floats * sizeof(float)));
        Data = (float*)_memory.Pointer;
    }

    public float* Data { get; }

    public long Length { get; }

    /// <summary>Rows of encoder output projected at a time when the cross-attention cache is computed.</summary>
    public const int CrossRows = 512;

    /// <summary>Floats the encoder needs for a model of these dimensions.</summary>
    public static long EncoderSize(WhisperHyperParameters hp)
    {
        long c = hp.AudioContext;
        long w = hp.AudioState;
        var conv = ((2 * c) + 2) * (w + hp.MelBands) + Math.Max(PackedMatrix.Size(hp.MelBands, hp.AudioState), PackedMatrix.Size(hp.AudioState, hp.AudioState));
        var blocks = (2 * c * w) + Encoder.PackRegion(hp);
        return Math.Max(conv, blocks);
    }

    /// <summary>Floats <see cref="Decoder.ComputeCross"/> needs: <see cref="CrossRows"/> projected rows and one packed projection.</summary>
    public static long CrossSize(WhisperHyperParameters hp) =>
        ((long)Math.Min(CrossRows, hp.AudioContext) * hp.TextState) + PackedMatrix.Size(hp.AudioState, hp.TextState);

    public void Dispose() => _memory.Dispose();
}
