using System.Globalization;
using System.Runtime.InteropServices;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.LanguageModel;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>The decoder's searches by name: the normal one and the bounded one for clipped audio (null when off).</summary>
internal sealed record SphinxSearches(string Normal, string? Clipped);

/// <summary>
/// Sets a new PocketSphinx decoder up for <see cref="SphinxTranscriber.Create"/>: its configuration, the words it adds,
/// the interpolated domain search and the bounded search for clipped audio. Runs once, before the decoder is shared.
/// </summary>
internal static class SphinxDecoderSetup
{
    private const string ClippedSearchName = "clipped";

    internal static unsafe IntPtr ParseConfig(SphinxNative native, List<string> args)
    {
        var argv = new IntPtr[args.Count];
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                argv[i] = Marshal.StringToCoTaskMemUTF8(args[i]);
            }

            IntPtr config;
            fixed (IntPtr* p = argv)
            {
                config = native.CmdLnParseR(IntPtr.Zero, native.PsArgs(), argv.Length, p, 1);
            }

            return config != IntPtr.Zero
                ? config
                : throw new TranscriptionException($"pocketsphinx rejected its configuration ({string.Join(' ', args.Skip(1))}); reinstall it with: {SphinxNative.InstallHint}");
        }
        finally
        {
            // cmd_ln_parse_r copies the strings it keeps.
            foreach (var ptr in argv)
            {
                Marshal.FreeCoTaskMem(ptr);
            }
        }
    }

    /// <summary>A decoder for these arguments (argv[0] first), or <see cref="IntPtr.Zero"/> when pocketsphinx cannot create one.</summary>
    internal static unsafe IntPtr Init(SphinxNative native, List<string> args)
    {
        var config = ParseConfig(native, args);
        try
        {
            return native.PsInit(config);
        }
        finally
        {
            native.CmdLnFreeR(config); // ps_init keeps its own reference.
        }
    }

    /// <summary>
    /// The words a decoder adds to its dictionary, in the order they must be added: <see cref="SphinxOptions.AddedWords"/>,
    /// then the domain model's (an added word's own phones win), then each of
    /// <see cref="SphinxOptions.AlternatePronunciations"/> as "word(2)", which PocketSphinx accepts only once "word" is in.
    /// </summary>
    internal static List<KeyValuePair<string, string>> Lexicon(SphinxOptions options)
    {
        var words = new Dictionary<string, string>(options.AddedWords, StringComparer.Ordinal);
        foreach (var (word, phones) in options.DomainModel?.Pronunciations ?? new Dictionary<string, string>())
        {
            words.TryAdd(word, phones);
        }

        var lexicon = words.ToList();
        lexicon.AddRange(options.AlternatePronunciations.Select(kv => KeyValuePair.Create(kv.Key + "(2)", kv.Value)));
        return lexicon;
    }

    internal static unsafe void AddWords(SphinxNative native, IntPtr decoder, IEnumerable<KeyValuePair<string, string>> words)
    {
        foreach (var (word, phones) in words)
        {
            var w = Marshal.StringToCoTaskMemUTF8(word);
            var p = Marshal.StringToCoTaskMemUTF8(phones);
            try
            {
                // update = 1 makes the search see the word now; < 0 also means "already in the dictionary".
                native.PsAddWord(decoder, w, p, 1);
            }
            finally
            {
                Marshal.FreeCoTaskMem(w);
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    internal static unsafe void SetDomainSearch(SphinxNative native, IntPtr decoder, SphinxOptions options, DomainModelFiles domain)
    {
        if (options.DomainWeight is <= 0 or >= 1)
        {
            throw new TranscriptionException($"SphinxOptions.DomainWeight {options.DomainWeight.ToString(CultureInfo.InvariantCulture)}: must be between 0 and 1 (exclusive)");
        }

        var config = native.PsGetConfig(decoder);
        var lmath = native.PsGetLogmath(decoder);
        var general = ReadModel(native, config, lmath, options.LanguageModelPath, 0); // NGRAM_AUTO: bin, then ARPA, then DMP
        var specific = IntPtr.Zero;
        var set = IntPtr.Zero;
        var names = new[] { Marshal.StringToCoTaskMemUTF8("general"), Marshal.StringToCoTaskMemUTF8("domain") };
        var search = Marshal.StringToCoTaskMemUTF8("domain");
        try
        {
            specific = ReadModel(native, config, lmath, domain.ArpaPath, 1); // NGRAM_ARPA
            var models = stackalloc IntPtr[] { general, specific };
            var weights = stackalloc float[] { (float)(1 - options.DomainWeight), (float)options.DomainWeight };
            fixed (IntPtr* n = names)
            {
                set = native.NgramModelSetInit(config, models, n, weights, 2);
            }

            if (set == IntPtr.Zero || native.PsSetLm(decoder, search, set) < 0 || native.PsSetSearch(decoder, search) < 0)
            {
                throw new TranscriptionException(
                    $"{domain.ArpaPath}: pocketsphinx could not combine the domain language model with {options.LanguageModelPath} " +
                    "(set SphinxOptions.LogFile to see why); delete the cached model to rebuild it");
            }
        }
        finally
        {
            // The set and the search hold their own references.
            foreach (var model in new[] { set, specific, general })
            {
                if (model != IntPtr.Zero)
                {
                    native.NgramModelFree(model);
                }
            }

            foreach (var ptr in names.Append(search))
            {
                Marshal.FreeCoTaskMem(ptr);
            }
        }
    }

    /// <summary>
    /// Adds the bounded search for clipped audio beside the normal one: the same language model, searched with
    /// <see cref="SphinxOptions.ClippedSearch"/>'s bounds. A search reads its beams from the decoder's configuration
    /// when it is created, so the bounds are set there for that moment and the configuration is restored afterwards.
    /// </summary>
    internal static unsafe SphinxSearches AddClippedSearch(SphinxNative native, IntPtr decoder, SphinxOptions options)
    {
        var normal = Marshal.PtrToStringUTF8(native.PsGetSearch(decoder))
            ?? throw new TranscriptionException("pocketsphinx has no active search after loading its language model");
        if (options.ClippedShare <= 0)
        {
            return new SphinxSearches(normal, null);
        }

        var config = native.PsGetConfig(decoder);
        var names = new List<IntPtr>();
        IntPtr Utf8(string text)
        {
            var ptr = Marshal.StringToCoTaskMemUTF8(text);
            names.Add(ptr);
            return ptr;
        }

        var ints = options.ClippedSearch.IntegerArguments().Select(a => (Name: Utf8(a.Name), a.Value)).ToList();
        var beams = options.ClippedSearch.BeamArguments().Select(a => (Name: Utf8(a.Name), a.Value)).ToList();
        var savedInts = ints.Select(a => native.CmdLnIntR(config, a.Name)).ToList();
        var savedBeams = beams.Select(a => native.CmdLnFloatR(config, a.Name)).ToList();
        try
        {
            foreach (var (name, value) in ints)
            {
                native.CmdLnSetIntR(config, name, new CLong(checked((nint)value)));
            }

            foreach (var (name, value) in beams)
            {
                native.CmdLnSetFloatR(config, name, value);
            }

            var lm = native.PsGetLm(decoder, Utf8(normal));
            if (lm == IntPtr.Zero || native.PsSetLm(decoder, Utf8(ClippedSearchName), lm) < 0 || native.PsSetSearch(decoder, Utf8(normal)) < 0)
            {
                throw new TranscriptionException(
                    $"{options.LanguageModelPath}: pocketsphinx could not add its bounded search for clipped audio " +
                    "(set SphinxOptions.LogFile to see why, or SphinxOptions.ClippedShare to 0 to do without it)");
            }

            return new SphinxSearches(normal, ClippedSearchName);
        }
        finally
        {
            for (var i = 0; i < ints.Count; i++)
            {
                native.CmdLnSetIntR(config, ints[i].Name, savedInts[i]);
            }

            for (var i = 0; i < beams.Count; i++)
            {
                native.CmdLnSetFloatR(config, beams[i].Name, savedBeams[i]);
            }

            names.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    private static unsafe IntPtr ReadModel(SphinxNative native, IntPtr config, IntPtr lmath, string path, int type)
    {
        var p = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            var model = native.NgramModelRead(config, p, type, lmath);
            return model != IntPtr.Zero
                ? model
                : throw new TranscriptionException($"{path}: pocketsphinx could not read this language model; delete it to rebuild it (domain model) or reinstall: {SphinxNative.InstallHint}");
        }
        finally
        {
            Marshal.FreeCoTaskMem(p);
        }
    }
}
