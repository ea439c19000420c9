using System.Runtime.InteropServices;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>Owns one <c>ps_decoder_t</c>; releasing it calls <c>ps_free</c>.</summary>
internal sealed unsafe class SphinxDecoderHandle : SafeHandle
{
    private readonly SphinxNative _native;

    public SphinxDecoderHandle(SphinxNative native, IntPtr decoder)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _native = native;
        SetHandle(decoder);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _native.PsFree(handle);
        return true;
    }
}
