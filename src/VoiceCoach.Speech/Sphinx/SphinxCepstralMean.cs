using System.Globalization;
using System.Runtime.InteropServices;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// Puts a decoder's running cepstral mean back where the decoder started, so each clip or live stream is decoded as a
/// fresh decoder would decode it. PocketSphinx 5prealpha keeps the mean of everything a decoder has heard (live CMN,
/// updated at each utterance's end) and <c>ps_start_stream</c> does not reset it: the same clip came out differently
/// depending on the clips decoded before it on the same decoder (README, round 13).
/// </summary>
/// <remarks>
/// The C API has no reset, so this reaches the mean through <c>ps_get_feat</c> and the <c>feat_t</c>/<c>cmn_t</c>
/// layout of Debian's sphinxbase 0.8+5prealpha on 64-bit; <see cref="Find"/> checks that layout against what the
/// decoder was configured with and returns null when it does not match, and the decoder then runs as before.
/// Not thread-safe: the transcriber calls it holding its gate, between streams.
/// </remarks>
internal sealed unsafe class SphinxCepstralMean
{
    // feat_t (sphinxbase feat.h, x86-64): int refcount; char *name; int32 cepsize (16); int32 n_stream; uint32
    // *stream_len; int32 window_size (32); int32 n_sv; uint32 *sv_len; int32 **subvecs; mfcc_t *sv_buf; int32 sv_dim;
    // cmn_type_t cmn (68); int32 varnorm (72); agc_type_t agc (76); compute_feat (80); cmn_t *cmn_struct (88).
    private const int CepSizeOffset = 16;
    private const int CmnTypeOffset = 68;
    private const int VarNormOffset = 72;
    private const int CmnStructOffset = 88;

    // cmn_t: mfcc_t *cmn_mean; mfcc_t *cmn_var; mfcc_t *sum (16); int32 nframe (24); int32 veclen (28).
    private const int SumOffset = 16;
    private const int FramesOffset = 24;
    private const int VectorLengthOffset = 28;

    private readonly SphinxNative _native;
    private readonly IntPtr _cmn;
    private readonly float[] _initial;

    private SphinxCepstralMean(SphinxNative native, IntPtr cmn, float[] initial)
    {
        _native = native;
        _cmn = cmn;
        _initial = initial;
    }

    /// <summary>The mean the decoder starts from (its <c>-cmninit</c>), as read when it was found.</summary>
    public IReadOnlyList<float> Initial => _initial;

    /// <summary>
    /// The running mean of a decoder that has not heard anything yet, or null when the library's layout is not the
    /// one this class knows (then nothing is reset).
    /// </summary>
    /// <param name="native">The loaded library.</param>
    /// <param name="ps">A decoder fresh from <c>ps_init</c>: its mean is taken as the one to go back to.</param>
    /// <param name="expected">The decoder's <c>-cmninit</c> values, which the mean read must equal.</param>
    public static SphinxCepstralMean? Find(SphinxNative native, IntPtr ps, IReadOnlyList<float> expected)
    {
        var feat = (byte*)native.PsGetFeat(ps);
        if (feat == null || expected.Count == 0)
        {
            return null;
        }

        var cepSize = *(int*)(feat + CepSizeOffset);
        var cmnType = *(int*)(feat + CmnTypeOffset);
        var varNorm = *(int*)(feat + VarNormOffset);
        if (cepSize != expected.Count || cmnType is < 1 or > 2 || varNorm is not (0 or 1))
        {
            return null;
        }

        var cmn = *(IntPtr*)(feat + CmnStructOffset);
        if (cmn == IntPtr.Zero || *(int*)((byte*)cmn + VectorLengthOffset) != cepSize || *(int*)((byte*)cmn + FramesOffset) != 0)
        {
            return null;
        }

        var initial = new float[cepSize];
        fixed (float* mean = initial)
        {
            native.CmnLiveGet(cmn, mean);
        }

        for (var i = 0; i < cepSize; i++)
        {
            if (Math.Abs(initial[i] - expected[i]) > 0.01f)
            {
                return null;
            }
        }

        return new SphinxCepstralMean(native, cmn, initial);
    }

    /// <summary><see cref="Find"/> with the decoder's own <c>-cmninit</c> setting.</summary>
    public static SphinxCepstralMean? ForDecoder(SphinxNative native, IntPtr ps)
    {
        var name = Marshal.StringToCoTaskMemUTF8("-cmninit");
        try
        {
            var value = native.CmdLnStrR(native.PsGetConfig(ps), name);
            var text = value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
            return Find(native, ps, ParseInit(text));
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>The <c>-cmninit</c> setting's values ("41.00,-5.29,…"); empty when there is none or it does not parse.</summary>
    public static IReadOnlyList<float> ParseInit(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var values = new List<float>();
        foreach (var part in text.Split(','))
        {
            if (!float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return [];
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>The running mean now (for tests and logs).</summary>
    public float[] Current()
    {
        var current = new float[_initial.Length];
        fixed (float* mean = current)
        {
            _native.CmnLiveGet(_cmn, mean);
        }

        return current;
    }

    /// <summary>
    /// Puts the running mean back where <c>ps_init</c> left it: <see cref="Initial"/>, with nothing heard, so the first
    /// utterance's own mean takes over at its end, as on a new decoder. Measured against <c>cmn_live_set</c> alone
    /// (the initial mean weighted as 5 s heard): dev word errors 23.2 % against 22.1 % with the same fillers, but a clip
    /// far from the initial mean (jfk.wav) then lost almost every word (README, round 13). Call between streams,
    /// before <c>ps_start_stream</c>.
    /// </summary>
    public void Reset()
    {
        fixed (float* mean = _initial)
        {
            _native.CmnLiveSet(_cmn, mean);
        }

        // cmn_live_set also fills the sum and frame count as if 500 frames had been heard; a new decoder has none.
        var sum = *(float**)((byte*)_cmn + SumOffset);
        for (var i = 0; i < _initial.Length; i++)
        {
            sum[i] = 0;
        }

        *(int*)((byte*)_cmn + FramesOffset) = 0;
    }
}
