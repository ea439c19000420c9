using System.Runtime.InteropServices;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// Finds the "um"s and "uh"s the language-model search dropped (see <see cref="SphinxFillerOptions"/>): decodes each
/// utterance again with a grammar of its own words plus optional fillers (<see cref="FillerGrammar"/>), on a decoder of
/// its own, so the main decoder's stream (its frame count and voice-activity state) is never disturbed mid-answer.
/// </summary>
/// <remarks>Not thread-safe: <see cref="SphinxTranscriber"/> calls it holding its gate.</remarks>
internal sealed unsafe class SphinxFillerPass : IDisposable
{
    private const string SearchName = "fillers";

    // Audio before the first word and after the last one, so the grammar decode sees a filler at either edge.
    private const int MarginFrames = 30;
    private const int SamplesPerFrame = 16_000 / SphinxWords.FramesPerSecond;

    private readonly SphinxNative _native;
    private readonly SphinxDecoderHandle _decoder;
    private readonly IntPtr _logmath;
    private readonly SphinxFillerOptions _options;

    private SphinxFillerPass(SphinxNative native, SphinxDecoderHandle decoder, SphinxFillerOptions options)
    {
        _native = native;
        _decoder = decoder;
        _options = options;
        _logmath = native.PsGetLogmath(decoder.DangerousGetHandle());
    }

    /// <summary>Creates the pass's decoder: the main decoder's acoustic model and dictionary (and added words), no language model.</summary>
    /// <param name="native">The loaded library.</param>
    /// <param name="arguments">The main decoder's arguments (<see cref="SphinxTranscriber.Arguments"/>); its language model is left out.</param>
    /// <param name="words">Words the main decoder added to its dictionary, which the grammar may need.</param>
    /// <param name="options">The pass's settings.</param>
    public static SphinxFillerPass Create(SphinxNative native, List<string> arguments, IEnumerable<KeyValuePair<string, string>> words, SphinxFillerOptions options)
    {
        var args = new List<string> { arguments[0] };
        for (var i = 1; i + 1 < arguments.Count; i += 2)
        {
            if (arguments[i] is not ("-lm" or "-fwdflat"))
            {
                args.Add(arguments[i]);
                args.Add(arguments[i + 1]);
            }
        }

        var decoder = SphinxDecoderSetup.Init(native, args);
        if (decoder == IntPtr.Zero)
        {
            throw new TranscriptionException($"pocketsphinx could not create the filler pass's decoder ({string.Join(' ', args.Skip(1))}); reinstall it with: {SphinxNative.InstallHint}");
        }

        var handle = new SphinxDecoderHandle(native, decoder);
        SphinxDecoderSetup.AddWords(native, decoder, words);
        return new SphinxFillerPass(native, handle, options);
    }

    /// <summary>
    /// The utterance's words with the fillers the grammar decode finds, then judged by the <see cref="FillerJudge"/>
    /// when its settings are on. <paramref name="audio"/> is the stream's audio from its start, so frame f of
    /// <paramref name="heard"/> is sample 160 f; <paramref name="levels"/> the stream's frame levels, one instance per
    /// stream (see <see cref="FrameLevels"/>). Unchanged when the utterance has no words.
    /// </summary>
    public IReadOnlyList<SphinxWord> Apply(IReadOnlyList<SphinxWord> heard, ReadOnlySpan<short> audio, FrameLevels levels) =>
        FillerJudge.Apply(AddFillers(heard, audio, levels), heard, audio, levels, _options, FillerClassifier.Default);

    // The grammar decode; the first decode unchanged when a word cannot go into a grammar.
    private IReadOnlyList<SphinxWord> AddFillers(IReadOnlyList<SphinxWord> heard, ReadOnlySpan<short> audio, FrameLevels levels)
    {
        var spoken = heard.Where(w => SphinxWords.Clean(w.Word) is not null).ToList();
        var grammar = FillerGrammar.Build(FillerGrammar.Words(heard, _options), _options);
        if (spoken.Count == 0 || grammar is null)
        {
            return heard;
        }

        var fromFrame = Math.Max(0, spoken[0].StartFrame - MarginFrames);
        var toSample = Math.Min(audio.Length, (spoken[^1].EndFrame + 1 + MarginFrames) * SamplesPerFrame);
        var fromSample = fromFrame * SamplesPerFrame;
        if (toSample <= fromSample)
        {
            return heard;
        }

        var ps = _decoder.DangerousGetHandle();
        if (!UseGrammar(ps, grammar))
        {
            return heard;
        }

        Check(_native.PsStartStream(ps), "ps_start_stream");
        Check(_native.PsStartUtt(ps), "ps_start_utt");
        fixed (short* samples = audio[fromSample..toSample])
        {
            Check(_native.PsProcessRaw(ps, samples, (nuint)(toSample - fromSample), 0, 1), "ps_process_raw");
        }

        Check(_native.PsEndUtt(ps), "ps_end_utt");
        var second = SphinxTranscriber.ReadWords(_native, _logmath, ps);
        if (double.IsPositiveInfinity(_options.MaxBelowSpeechDb))
        {
            return FillerGrammar.Merge(heard, second, fromFrame, _options);
        }

        levels.MeasureTo(audio, toSample / SamplesPerFrame);
        return FillerGrammar.Merge(heard, second, fromFrame, _options, levels);
    }

    public void Dispose() => _decoder.Dispose();

    private bool UseGrammar(IntPtr ps, string grammar)
    {
        var name = Marshal.StringToCoTaskMemUTF8(SearchName);
        var text = Marshal.StringToCoTaskMemUTF8(grammar);
        try
        {
            // A word the grammar names but the dictionary lacks fails here; the utterance keeps its first decode.
            return _native.PsSetJsgfString(ps, name, text) >= 0 && _native.PsSetSearch(ps, name) >= 0;
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
            Marshal.FreeCoTaskMem(text);
        }
    }

    private static void Check(int result, string function)
    {
        if (result < 0)
        {
            throw new TranscriptionException($"the filler pass: pocketsphinx {function} failed with {result}");
        }
    }
}
