using System.Runtime.InteropServices;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// The C API of PocketSphinx 5prealpha (Debian's <c>libpocketsphinx3</c>) and the few SphinxBase
/// functions it needs, bound by hand to unmanaged function pointers. Loading by explicit file name
/// (<c>libpocketsphinx.so.3</c>: Debian ships no unversioned <c>.so</c> without the -dev package)
/// keeps this out of the assembly-wide DllImport resolver, which other engines may want.
/// </summary>
/// <remarks>
/// Loaded once per process and never unloaded. The functions are not thread-safe per decoder;
/// <see cref="SphinxTranscriber"/> serialises calls on its decoder.
/// </remarks>
internal sealed unsafe class SphinxNative
{
    /// <summary>What to install when the library is missing.</summary>
    public const string InstallHint = "apt-get install pocketsphinx pocketsphinx-en-us";

    private static readonly string[] PocketSphinxNames = ["libpocketsphinx.so.3", "libpocketsphinx.so", "libpocketsphinx.3.dylib", "pocketsphinx.dll"];
    private static readonly string[] SphinxBaseNames = ["libsphinxbase.so.3", "libsphinxbase.so", "libsphinxbase.3.dylib", "sphinxbase.dll"];

    private static readonly Lazy<SphinxNative> Lazy = new(LoadCore, LazyThreadSafetyMode.ExecutionAndPublication);

    private SphinxNative(IntPtr ps, IntPtr sb, string libraryName)
    {
        LibraryName = libraryName;
        PsArgs = (delegate* unmanaged[Cdecl]<IntPtr>)Export(ps, "ps_args", libraryName);
        PsInit = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(ps, "ps_init", libraryName);
        PsFree = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(ps, "ps_free", libraryName);
        PsAddWord = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int, int>)Export(ps, "ps_add_word", libraryName);
        PsGetLogmath = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(ps, "ps_get_logmath", libraryName);
        PsStartStream = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(ps, "ps_start_stream", libraryName);
        PsStartUtt = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(ps, "ps_start_utt", libraryName);
        PsProcessRaw = (delegate* unmanaged[Cdecl]<IntPtr, short*, nuint, int, int, int>)Export(ps, "ps_process_raw", libraryName);
        PsEndUtt = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(ps, "ps_end_utt", libraryName);
        PsGetInSpeech = (delegate* unmanaged[Cdecl]<IntPtr, byte>)Export(ps, "ps_get_in_speech", libraryName);
        PsSegIter = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(ps, "ps_seg_iter", libraryName);
        PsSegNext = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(ps, "ps_seg_next", libraryName);
        PsSegWord = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(ps, "ps_seg_word", libraryName);
        PsSegFrames = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void>)Export(ps, "ps_seg_frames", libraryName);
        PsSegProb = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, int*, int>)Export(ps, "ps_seg_prob", libraryName);
        PsSegFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)Export(ps, "ps_seg_free", libraryName);
        PsGetConfig = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(ps, "ps_get_config", libraryName);
        PsSetLm = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int>)Export(ps, "ps_set_lm", libraryName);
        PsSetSearch = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int>)Export(ps, "ps_set_search", libraryName);
        PsGetSearch = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(ps, "ps_get_search", libraryName);
        PsGetLm = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)Export(ps, "ps_get_lm", libraryName);
        PsSetJsgfString = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int>)Export(ps, "ps_set_jsgf_string", libraryName);
        CmdLnIntR = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, CLong>)Export(sb, "cmd_ln_int_r", "sphinxbase");
        CmdLnFloatR = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, double>)Export(sb, "cmd_ln_float_r", "sphinxbase");
        CmdLnSetIntR = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, CLong, void>)Export(sb, "cmd_ln_set_int_r", "sphinxbase");
        CmdLnSetFloatR = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, double, void>)Export(sb, "cmd_ln_set_float_r", "sphinxbase");
        NgramModelRead = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, IntPtr, IntPtr>)Export(sb, "ngram_model_read", "sphinxbase");
        NgramModelSetInit = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr*, float*, int, IntPtr>)Export(sb, "ngram_model_set_init", "sphinxbase");
        NgramModelFree = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(sb, "ngram_model_free", "sphinxbase");
        CmdLnParseR = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, IntPtr*, int, IntPtr>)Export(sb, "cmd_ln_parse_r", "sphinxbase");
        CmdLnFreeR = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(sb, "cmd_ln_free_r", "sphinxbase");
        LogmathExp = (delegate* unmanaged[Cdecl]<IntPtr, int, double>)Export(sb, "logmath_exp", "sphinxbase");
        PsGetFeat = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(ps, "ps_get_feat", libraryName);
        CmnLiveGet = (delegate* unmanaged[Cdecl]<IntPtr, float*, void>)Export(sb, "cmn_live_get", "sphinxbase");
        CmdLnStrR = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)Export(sb, "cmd_ln_str_r", "sphinxbase");
        CmnLiveSet = (delegate* unmanaged[Cdecl]<IntPtr, float*, void>)Export(sb, "cmn_live_set", "sphinxbase");
        ErrSetLogfp = (delegate* unmanaged[Cdecl]<IntPtr, void>)Export(sb, "err_set_logfp", "sphinxbase");
        ErrSetLogfile = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(sb, "err_set_logfile", "sphinxbase");
    }

    /// <summary>The file name the PocketSphinx library was loaded from.</summary>
    public string LibraryName { get; }

    // feat_t *ps_get_feat(ps_decoder_t *ps): the decoder's feature computation (not retained).
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr> PsGetFeat { get; }

    // void cmn_live_get(cmn_t *cmn, mfcc_t *vec): copies the running cepstral mean out (mfcc_t is float here).
    public delegate* unmanaged[Cdecl]<IntPtr, float*, void> CmnLiveGet { get; }

    // char const *cmd_ln_str_r(cmd_ln_t *cmdln, char const *name): NULL when unset.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> CmdLnStrR { get; }

    // void cmn_live_set(cmn_t *cmn, mfcc_t const *vec): sets the running mean, as if it had been seen for 500 frames.
    public delegate* unmanaged[Cdecl]<IntPtr, float*, void> CmnLiveSet { get; }

    // arg_t const *ps_args(void)
    public delegate* unmanaged[Cdecl]<IntPtr> PsArgs { get; }

    // ps_decoder_t *ps_init(cmd_ln_t *config): retains config; NULL on failure.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr> PsInit { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, int> PsFree { get; }

    // int ps_add_word(ps, char const *word, char const *phones, int update): adds to the dictionary and the language model.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int, int> PsAddWord { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr> PsGetLogmath { get; }

    // Resets the frame counter: segment frames count from here, across utterances.
    public delegate* unmanaged[Cdecl]<IntPtr, int> PsStartStream { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, int> PsStartUtt { get; }

    // int ps_process_raw(ps, int16 const *data, size_t n_samples, int no_search, int full_utt)
    public delegate* unmanaged[Cdecl]<IntPtr, short*, nuint, int, int, int> PsProcessRaw { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, int> PsEndUtt { get; }

    // uint8 ps_get_in_speech(ps): the front end's voice-activity state.
    public delegate* unmanaged[Cdecl]<IntPtr, byte> PsGetInSpeech { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr> PsSegIter { get; }

    // Frees the iterator and returns NULL at the end.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr> PsSegNext { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr> PsSegWord { get; }

    // void ps_seg_frames(seg, int *out_sf, int *out_ef): inclusive frame range.
    public delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void> PsSegFrames { get; }

    // int32 ps_seg_prob(seg, *ascr, *lscr, *lback): log posterior (with -bestpath yes).
    public delegate* unmanaged[Cdecl]<IntPtr, int*, int*, int*, int> PsSegProb { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, void> PsSegFree { get; }

    // cmd_ln_t *ps_get_config(ps): the decoder's configuration (not retained).
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr> PsGetConfig { get; }

    // int ps_set_lm(ps, char const *name, ngram_model_t *lm): adds an n-gram search; retains lm (the caller frees its reference).
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int> PsSetLm { get; }

    // int ps_set_search(ps, char const *name): makes a search the active one.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int> PsSetSearch { get; }

    // char const *ps_get_search(ps): the active search's name (owned by the decoder).
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr> PsGetSearch { get; }

    // ngram_model_t *ps_get_lm(ps, char const *name): an n-gram search's model (not retained); NULL for another kind.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> PsGetLm { get; }

    // long cmd_ln_int_r(cmd_ln_t *cmdln, char const *name)
    // int ps_set_jsgf_string(ps_decoder_t *ps, const char *name, const char *jsgf_string): adds (or replaces) a grammar search.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int> PsSetJsgfString { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, CLong> CmdLnIntR { get; }

    // double cmd_ln_float_r(cmd_ln_t *cmdln, char const *name)
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, double> CmdLnFloatR { get; }

    // void cmd_ln_set_int_r(cmd_ln_t *cmdln, char const *name, long iv): a search created afterwards reads the new value.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, CLong, void> CmdLnSetIntR { get; }

    // void cmd_ln_set_float_r(cmd_ln_t *cmdln, char const *name, double fv)
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, double, void> CmdLnSetFloatR { get; }

    // ngram_model_t *ngram_model_read(cmd_ln_t *config, char const *file, ngram_file_type_t type, logmath_t *lmath): NULL on failure.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, IntPtr, IntPtr> NgramModelRead { get; }

    // ngram_model_t *ngram_model_set_init(config, ngram_model_t **models, char **names, float32 const *weights, int32 n):
    // with weights, every score is interpolated across the models; retains each model.
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr*, float*, int, IntPtr> NgramModelSetInit { get; }

    // int ngram_model_free(ngram_model_t *model): releases one reference.
    public delegate* unmanaged[Cdecl]<IntPtr, int> NgramModelFree { get; }

    // cmd_ln_t *cmd_ln_parse_r(cmd_ln_t *inout, arg_t const *defn, int32 argc, char *argv[], int32 strict)
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, IntPtr*, int, IntPtr> CmdLnParseR { get; }

    public delegate* unmanaged[Cdecl]<IntPtr, int> CmdLnFreeR { get; }

    // float64 logmath_exp(logmath_t *lmath, int logb_p)
    public delegate* unmanaged[Cdecl]<IntPtr, int, double> LogmathExp { get; }

    // void err_set_logfp(FILE *stream): NULL turns SphinxBase logging off process-wide.
    public delegate* unmanaged[Cdecl]<IntPtr, void> ErrSetLogfp { get; }

    // int err_set_logfile(char const *path): opens path for appending and closes (so flushes) the previous log file.
    public delegate* unmanaged[Cdecl]<IntPtr, int> ErrSetLogfile { get; }

    /// <summary>Loads the libraries once per process.</summary>
    /// <exception cref="TranscriptionException">A library or one of its functions is missing; the message names the package.</exception>
    public static SphinxNative Load() => Lazy.Value;

    private static SphinxNative LoadCore()
    {
        // SphinxBase first: libpocketsphinx depends on it, and a clear message beats a loader error.
        var sb = LoadAny(SphinxBaseNames, out _, "libsphinxbase3");
        var ps = LoadAny(PocketSphinxNames, out var name, "libpocketsphinx3");
        return new SphinxNative(ps, sb, name);
    }

    private static IntPtr LoadAny(string[] names, out string loaded, string package)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                loaded = name;
                return handle;
            }
        }

        throw new TranscriptionException(
            $"pocketsphinx not found: none of {string.Join(", ", names)} could be loaded (Debian package {package}); " +
            $"install it with: {InstallHint}");
    }

    private static IntPtr Export(IntPtr library, string function, string libraryName)
    {
        if (NativeLibrary.TryGetExport(library, function, out var address))
        {
            return address;
        }

        throw new TranscriptionException(
            $"{libraryName}: function {function} is missing; VoiceCoach needs the PocketSphinx 5prealpha API " +
            $"(Debian libpocketsphinx3 0.8+5prealpha); install it with: {InstallHint}");
    }
}
