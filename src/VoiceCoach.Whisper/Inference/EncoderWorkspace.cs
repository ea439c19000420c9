using VoiceCoach.Whisper.Numerics;

namespace VoiceCoach.Whisper.Inference;

/// <summary>
/// One pinned block of floats holding every intermediate of an encoder window (and of the
/// cross-attention keys and values computed from it), laid out by <see cref="Encoder"/> so that
/// buffers whose lifetimes do not overlap share memory. A model keeps one and lends it to one
/// call at a time (<see cref="WorkspaceLender"/>); a concurrent call gets a temporary one. Pages
/// are touched only as they are written.
/// </summary>
internal sealed unsafe class EncoderWorkspace
{
    private readonly float[] _memory;

    public EncoderWorkspace(long floats)
    {
        _memory = GC.AllocateUninitializedArray<float>(checked((int)floats), pinned: true);
        fixed (float* p = _memory)
        {
            // Allocated on the pinned heap: the address never changes.
            Data = p;
        }
    }

    public float* Data { get; }

    public long Length => _memory.Length;

    /// <summary>Floats the encoder needs for a model of these dimensions.</summary>
    public static long Size(WhisperHyperParameters hp)
    {
        long c = hp.AudioContext;
        long w = hp.AudioState;
        var conv = ((2 * c) + 2) * (w + hp.MelBands) + Math.Max(PackedMatrix.Size(hp.MelBands, hp.AudioState), PackedMatrix.Size(hp.AudioState, hp.AudioState));
        var blocks = (2 * c * w) + Encoder.PackRegion(hp);
        var cross = (c * hp.TextState) + PackedMatrix.Size(hp.AudioState, hp.TextState);
        return Math.Max(conv, Math.Max(blocks, cross));
    }
}

/// <summary>Lends a model's one <see cref="EncoderWorkspace"/> to one caller at a time, created on first use.</summary>
internal sealed class WorkspaceLender(WhisperHyperParameters hp)
{
    private EncoderWorkspace? _idle;

    public EncoderWorkspace Borrow() => Interlocked.Exchange(ref _idle, null) ?? new EncoderWorkspace(EncoderWorkspace.Size(hp));

    public void Return(EncoderWorkspace workspace) => Interlocked.CompareExchange(ref _idle, workspace, null);
}
