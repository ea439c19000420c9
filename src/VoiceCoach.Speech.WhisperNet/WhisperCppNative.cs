using System.Runtime.InteropServices;

namespace VoiceCoach.Speech.WhisperNet;

/// <summary>
/// The few whisper.cpp functions below Whisper.net's API that a benchmark needs to time the encoder and the decoder
/// apart (Whisper.net only runs whole transcriptions). Bound to the very library Whisper.net loaded (runtimes/PLATFORM/),
/// so both measure the same build. Signatures from whisper.h of whisper.cpp 1.8.
/// </summary>
internal sealed unsafe class WhisperCppNative
{
    private readonly delegate* unmanaged[Cdecl]<byte*, ContextParams, nint> _initFromFileWithParams;
    private readonly delegate* unmanaged[Cdecl]<nint, nint> _initState;
    private readonly delegate* unmanaged[Cdecl]<nint, void> _freeState;
    private readonly delegate* unmanaged[Cdecl]<nint, void> _free;
    private readonly delegate* unmanaged[Cdecl]<nint, nint, float*, int, int, int> _pcmToMel;
    private readonly delegate* unmanaged[Cdecl]<nint, nint, int, int, int> _encode;
    private readonly delegate* unmanaged[Cdecl]<nint, nint, int*, int, int, int, int> _decode;
    private readonly delegate* unmanaged[Cdecl]<nint, float*> _logits;
    private readonly delegate* unmanaged[Cdecl]<nint, int> _vocabulary;
    private readonly delegate* unmanaged[Cdecl]<nint, int> _sot;
    private readonly delegate* unmanaged[Cdecl]<nint, int> _eot;

    private WhisperCppNative(nint library)
    {
        _initFromFileWithParams = (delegate* unmanaged[Cdecl]<byte*, ContextParams, nint>)NativeLibrary.GetExport(library, "whisper_init_from_file_with_params");
        _initState = (delegate* unmanaged[Cdecl]<nint, nint>)NativeLibrary.GetExport(library, "whisper_init_state");
        _freeState = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(library, "whisper_free_state");
        _free = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(library, "whisper_free");
        _pcmToMel = (delegate* unmanaged[Cdecl]<nint, nint, float*, int, int, int>)NativeLibrary.GetExport(library, "whisper_pcm_to_mel_with_state");
        _encode = (delegate* unmanaged[Cdecl]<nint, nint, int, int, int>)NativeLibrary.GetExport(library, "whisper_encode_with_state");
        _decode = (delegate* unmanaged[Cdecl]<nint, nint, int*, int, int, int, int>)NativeLibrary.GetExport(library, "whisper_decode_with_state");
        _logits = (delegate* unmanaged[Cdecl]<nint, float*>)NativeLibrary.GetExport(library, "whisper_get_logits_from_state");
        _vocabulary = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(library, "whisper_n_vocab");
        _sot = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(library, "whisper_token_sot");
        _eot = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(library, "whisper_token_eot");
    }

    /// <summary>Binds to the whisper.cpp library Whisper.net has loaded (load a model through Whisper.net first).</summary>
    /// <exception cref="InvalidOperationException">Whisper.net loaded none, or not from runtimes/ beside the program.</exception>
    public static WhisperCppNative FromLoadedRuntime()
    {
        var name = OperatingSystem.IsWindows() ? "whisper.dll" : OperatingSystem.IsMacOS() ? "libwhisper.dylib" : "libwhisper.so";
        var platform = WhisperNetRuntime.PlatformFolder()
            ?? throw new InvalidOperationException($"Whisper.net has no build for {RuntimeInformation.RuntimeIdentifier}");
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", platform, name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path}: not found; the benchmark times Whisper.net's CPU build from runtimes/");
        }

        // Whisper.net has opened it already (with its ggml libraries first), so this only takes another reference.
        return new WhisperCppNative(NativeLibrary.Load(path));
    }

    /// <summary>Loads a model as Whisper.net does by default (GPU allowed, flash attention off); free with <see cref="Free"/>.</summary>
    public nint InitFromFile(string path, bool flashAttention)
    {
        var parameters = new ContextParams { UseGpu = 1, FlashAttention = flashAttention ? (byte)1 : (byte)0, DtwNTop = -1, DtwMemSize = 128 * 1024 * 1024 };
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            var context = _initFromFileWithParams(p, parameters);
            return context != 0 ? context : throw new InvalidOperationException($"{path}: whisper.cpp could not load the model");
        }
    }

    public nint InitState(nint context) => _initState(context) is var s && s != 0 ? s : throw new InvalidOperationException("whisper_init_state failed");

    public void FreeState(nint state) => _freeState(state);

    public void Free(nint context) => _free(context);

    public int VocabularySize(nint context) => _vocabulary(context);

    public int StartOfTranscript(nint context) => _sot(context);

    public int EndOfText(nint context) => _eot(context);

    public void PcmToMel(nint context, nint state, ReadOnlySpan<float> samples, int threads)
    {
        fixed (float* p = samples)
        {
            Check(_pcmToMel(context, state, p, samples.Length, threads), "whisper_pcm_to_mel_with_state");
        }
    }

    public void Encode(nint context, nint state, int offset, int threads) => Check(_encode(context, state, offset, threads), "whisper_encode_with_state");

    public void Decode(nint context, nint state, ReadOnlySpan<int> tokens, int past, int threads)
    {
        fixed (int* p = tokens)
        {
            Check(_decode(context, state, p, tokens.Length, past, threads), "whisper_decode_with_state");
        }
    }

    /// <summary>The logits of the last decoded token.</summary>
    public ReadOnlySpan<float> Logits(nint state, int vocabulary) => new(_logits(state), vocabulary);

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{what} returned {result}");
        }
    }

    /// <summary>whisper_context_params (whisper.h): bools are one byte, the enum an int.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ContextParams
    {
        public byte UseGpu;
        public byte FlashAttention;
        public int GpuDevice;
        public byte DtwTokenTimestamps;
        public int DtwAlignmentHeadsPreset;
        public int DtwNTop;
        public nuint DtwHeadCount;
        public nint DtwHeads;
        public nuint DtwMemSize;
    }
}
