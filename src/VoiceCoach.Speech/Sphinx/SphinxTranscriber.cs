using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// The embedded default recogniser: PocketSphinx 5prealpha (Debian <c>libpocketsphinx3</c> with the
/// <c>pocketsphinx-en-us</c> model) called in process. Works offline on a fresh Debian machine with
/// nothing downloaded; accuracy is modest (see <c>TranscriptionEvaluation</c>), word times are good.
/// </summary>
/// <remarks>
/// <para>
/// One decoder is created by <see cref="Create"/> (about a second: it loads a 27 MB language model)
/// and reused for every clip. The decoder is not thread-safe: calls to
/// <see cref="TranscribeAsync"/> are serialised (concurrent callers wait their turn), and decoding
/// runs on the thread pool. The caller owns the instance and disposes it; disposal waits for a
/// running decode to finish.
/// </para>
/// <para>
/// Decoding mirrors <c>pocketsphinx_continuous</c>: the front end's voice-activity detector splits
/// the clip into utterances, each decoded with the n-gram model. Each utterance becomes at least
/// one segment, split further at pauses longer than <see cref="SphinxOptions.SegmentPause"/>.
/// Words carry the posterior probability as confidence; silence, noise and sentence markers are
/// dropped, "word(2)" becomes "word", hesitations ("um", "uh") are kept.
/// </para>
/// </remarks>
public sealed class SphinxTranscriber : ITranscriber, IStreamingTranscriber, IDisposable, IAsyncDisposable
{
    // 128 ms per ps_process_raw call, as pocketsphinx_continuous reads files: utterance boundaries
    // (and so the words) follow the voice-activity state checked between chunks, so this matches
    // the command line's results. Cancellation is checked between chunks too.
    internal const int ChunkSamples = 2048;

    private readonly SphinxNative _native;
    private readonly SphinxDecoderHandle _decoder;
    private readonly IntPtr _logmath;
    private readonly SphinxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SphinxSearches _searches;
    private readonly SphinxFillerPass? _fillers;
    private readonly SphinxCepstralMean? _cepstralMean;
    private bool _disposed;

    private unsafe SphinxTranscriber(SphinxNative native, SphinxDecoderHandle decoder, SphinxOptions options, SphinxSearches searches, SphinxFillerPass? fillers, ILogger logger)
    {
        if (options.ResetCepstralMean)
        {
            // Null when the library's layout is not the one known: the decoder then keeps its running mean, as before.
            _cepstralMean = SphinxCepstralMean.ForDecoder(native, decoder.DangerousGetHandle());
            if (_cepstralMean is null)
            {
                logger.LogWarning("PocketSphinx: this library's cepstral mean could not be found; each clip starts from the mean the clips before it left");
            }
        }

        _fillers = fillers;
        _native = native;
        _decoder = decoder;
        _options = options;
        _searches = searches;
        _logger = logger;
        _logmath = native.PsGetLogmath(decoder.DangerousGetHandle());
        EngineName = Describe(options);
    }

    /// <inheritdoc />
    public string EngineName { get; }

    /// <summary>The engine as the report header names it: the acoustic model, the domain model and the voice profile.</summary>
    internal static string Describe(SphinxOptions options)
    {
        var parts = new List<string> { options.ModelName };
        if (options.DomainModel is { } domain)
        {
            parts.Add($"domain LM {domain.Hash[..8]}");
        }

        if (options.VoiceProfile is { } voice)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"voice profile '{voice.Name}', {voice.Aligned} sentences"));
        }

        return $"pocketsphinx 5prealpha ({string.Join(" + ", parts)})";
    }

    /// <summary>
    /// The decoder's command line for <paramref name="options"/> (argv[0] first, as cmd_ln_parse_r expects). A name in
    /// <see cref="SphinxOptions.DecoderArguments"/> replaces VoiceCoach's own value for it: cmd_ln_parse_r rejects a
    /// name given twice.
    /// </summary>
    internal static List<string> Arguments(SphinxOptions options)
    {
        List<(string Name, string Value)> settings =
        [
            ("-hmm", options.AcousticModelPath),
            ("-dict", options.DictionaryPath),
            ("-maxhmmpf", options.MaxActiveHmms.ToString(CultureInfo.InvariantCulture)),
            ("-maxwpf", options.MaxWordsPerFrame.ToString(CultureInfo.InvariantCulture)),
        ];
        if (options.DomainModel is null)
        {
            // With a domain model the search is set up after ps_init, from both models (SetDomainSearch).
            settings.Add(("-lm", options.LanguageModelPath));
        }

        if (!options.SecondPass)
        {
            settings.Add(("-fwdflat", "no"));
        }

        if (options.VoiceProfile is { AdaptedModel: { } adapted })
        {
            settings[0] = ("-hmm", adapted);
        }
        else if (options.VoiceProfile is { } voice)
        {
            settings.Add(("-mllr", voice.TransformPath));
        }

        if (options.LogFile is not null)
        {
            settings.Add(("-logfn", options.LogFile));
        }

        var extra = options.DecoderArguments;
        if (extra.Count % 2 != 0)
        {
            throw new TranscriptionException(
                $"decoder arguments '{string.Join(' ', extra)}': expected name value pairs, e.g. \"-lw 8 -wip 0.5\"");
        }

        for (var i = 0; i < extra.Count; i += 2)
        {
            var name = extra[i];
            var at = settings.FindIndex(s => s.Name == name);
            if (at >= 0)
            {
                settings[at] = (name, extra[i + 1]);
            }
            else
            {
                settings.Add((name, extra[i + 1]));
            }
        }

        // argv[0], skipped by cmd_ln_parse_r like a program name
        return ["voicecoach", .. settings.SelectMany(s => new[] { s.Name, s.Value })];
    }

    /// <summary>Loads the library and the model and creates the decoder (once; reuse the instance).</summary>
    /// <param name="options">Model paths and segmentation; null for the Debian defaults.</param>
    /// <param name="logger">Receives load and per-clip timing at Debug level; null for none.</param>
    /// <exception cref="TranscriptionException">The library or the model is missing; the message names the package to install.</exception>
    public static unsafe SphinxTranscriber Create(SphinxOptions? options = null, ILogger<SphinxTranscriber>? logger = null)
    {
        options ??= new SphinxOptions();
        ILogger log = logger ?? (ILogger)NullLogger.Instance;
        RequireFile(Path.Combine(options.AcousticModelPath, "mdef"), "acoustic model (-hmm)");
        RequireFile(options.LanguageModelPath, "language model (-lm)");
        RequireFile(options.DictionaryPath, "dictionary (-dict)");

        var native = SphinxNative.Load();
        var started = Stopwatch.GetTimestamp();
        if (options.LogFile is null)
        {
            native.ErrSetLogfp(IntPtr.Zero); // SphinxBase logs to stderr by default, a page per decoder.
        }

        var arguments = Arguments(options);
        var decoder = SphinxDecoderSetup.Init(native, arguments);
        if (decoder == IntPtr.Zero)
        {
            throw new TranscriptionException(
                $"{options.ModelDirectory}: pocketsphinx could not create a decoder from this model " +
                $"(set SphinxOptions.LogFile to see why); reinstall it with: {SphinxNative.InstallHint}");
        }

        var handle = new SphinxDecoderHandle(native, decoder);
        SphinxSearches searches;
        SphinxFillerPass? fillers = null;
        try
        {
            // The filler pass's grammars need the same words.
            var words = SphinxDecoderSetup.Lexicon(options);
            // Before the domain search exists, so its lexicon tree is built once with every word in it.
            SphinxDecoderSetup.AddWords(native, decoder, words);
            if (options.DomainModel is { } domain)
            {
                SphinxDecoderSetup.SetDomainSearch(native, decoder, options, domain);
            }

            searches = SphinxDecoderSetup.AddClippedSearch(native, decoder, options);
            if (options.FillerPass is { } fillerOptions)
            {
                fillers = SphinxFillerPass.Create(native, arguments, words, fillerOptions);
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        log.LogDebug("PocketSphinx {Library} loaded {Model} in {Elapsed}", native.LibraryName, options.ModelDirectory, Stopwatch.GetElapsedTime(started));
        return new SphinxTranscriber(native, handle, options, searches, fillers, log);
    }

    /// <inheritdoc />
    public async Task<Transcript> TranscribeAsync(AudioClip clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await Task.Run(() => Decode(clip, cancellationToken), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts transcribing audio as it arrives (<see cref="IStreamingTranscriber"/>): pushed audio is decoded on a
    /// background worker in the same 128 ms chunks as <see cref="TranscribeAsync"/>, ending each utterance where the
    /// front end hears it end, so the transcript equals the batch one and is ready moments after the last push. (Clipped
    /// audio is the exception: a batch decode measures the whole clip and bounds every utterance, a stream bounds the
    /// utterances that start after the audio so far turned out clipped.)
    /// PocketSphinx needs about a third of real time, so it keeps up with live speech. Streams share this
    /// decoder: a second stream's worker waits until the first completes (its audio is queued meanwhile).
    /// </summary>
    public ITranscriptionStream Start(string source)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new SphinxTranscriptionStream(this, source);
    }

    /// <summary>
    /// Writes out what PocketSphinx holds buffered of its log (<see cref="SphinxOptions.LogFile"/>), e.g. to read the
    /// pass times of the clip just decoded (<see cref="SphinxPassTimes.Parse"/>). SphinxBase buffers the file and
    /// flushes it only when it closes it; this reopens it for appending, which closes the old handle. Waits for a
    /// running decode. Nothing to do without a log file.
    /// </summary>
    public async Task FlushLogAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_options.LogFile is not { } path)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var p = Marshal.StringToCoTaskMemUTF8(path);
            try
            {
                if (ReopenLog(p) < 0)
                {
                    throw new TranscriptionException($"{path}: pocketsphinx could not reopen its log file");
                }
            }
            finally
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    internal SphinxNative Native => _native;

    internal IntPtr Logmath => _logmath;

    internal SphinxOptions Options => _options;

    internal ILogger Logger => _logger;

    internal SemaphoreSlim Gate => _gate;

    /// <summary>The decoder; only while holding <see cref="Gate"/>.</summary>
    internal IntPtr Decoder
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _decoder.DangerousGetHandle();
        }
    }

    /// <summary>Frees the decoder, after waiting for a running decode to finish.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _gate.Wait();
        DisposeCore();
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync();
        DisposeCore();
    }

    private void DisposeCore()
    {
        _fillers?.Dispose();
        _disposed = true;
        _decoder.Dispose();
        _gate.Release();
        _gate.Dispose();
    }

    private unsafe Transcript Decode(AudioClip clip, CancellationToken cancellationToken)
    {
        if (clip.Samples.Length == 0)
        {
            return Transcript.Empty(EngineName);
        }

        var started = Stopwatch.GetTimestamp();
        var pcm = ToPcm16(_options.Denoise is { } denoise ? NoiseSuppressor.Apply(clip.Samples, denoise) : clip.Samples);
        var ps = _decoder.DangerousGetHandle();
        var utterances = new List<IReadOnlyList<SphinxWord>>();
        var meter = new ClippingMeter();
        meter.Add(pcm);
        var levels = new FrameLevels();
        UseSearch(ps, meter, Describe(clip));
        ResetCepstralMean();
        Check(_native.PsStartStream(ps), "ps_start_stream", clip);
        Check(_native.PsStartUtt(ps), "ps_start_utt", clip);
        var inUtterance = false;
        fixed (short* samples = pcm)
        {
            for (var offset = 0; offset < pcm.Length; offset += ChunkSamples)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    _native.PsEndUtt(ps); // leave the decoder ready for the next clip
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var count = Math.Min(ChunkSamples, pcm.Length - offset);
                Check(_native.PsProcessRaw(ps, samples + offset, (nuint)count, 0, 0), "ps_process_raw", clip);
                var inSpeech = _native.PsGetInSpeech(ps) != 0;
                if (inSpeech && !inUtterance)
                {
                    inUtterance = true;
                }
                else if (!inSpeech && inUtterance)
                {
                    // The detector heard the end of an utterance: decode it and start the next.
                    Check(_native.PsEndUtt(ps), "ps_end_utt", clip);
                    utterances.Add(WithFillers(ReadWords(ps), pcm, levels));
                    Check(_native.PsStartUtt(ps), "ps_start_utt", clip);
                    inUtterance = false;
                }
            }
        }

        Check(_native.PsEndUtt(ps), "ps_end_utt", clip);
        utterances.Add(WithFillers(ReadWords(ps), pcm, levels));
        var segments = SphinxWords.ToSegments(utterances, clip.Duration, _options.SegmentPause);
        _logger.LogDebug(
            "PocketSphinx decoded {Source} ({Duration}) in {Elapsed}",
            clip.Source,
            clip.Duration,
            Stopwatch.GetElapsedTime(started));
        return new Transcript(EngineName, segments);
    }

    /// <summary>
    /// Makes the search for audio measured by <paramref name="meter"/> the active one: the bounded one when it is
    /// clipped (<see cref="SphinxOptions.ClippedShare"/>), else the normal one. Only between utterances, holding <see cref="Gate"/>.
    /// </summary>
    /// <returns>Whether the bounded search was chosen.</returns>
    internal unsafe bool UseSearch(IntPtr ps, ClippingMeter meter, string source)
    {
        var clipped = _searches.Clipped is not null && meter.IsClipped(_options.ClippedShare);
        var name = Marshal.StringToCoTaskMemUTF8(clipped ? _searches.Clipped : _searches.Normal);
        try
        {
            if (_native.PsSetSearch(ps, name) < 0)
            {
                throw new TranscriptionException($"{source}: pocketsphinx could not switch to its {(clipped ? "clipped-audio" : "normal")} search");
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }

        if (clipped)
        {
            _logger.LogDebug(
                "PocketSphinx: {Source} is clipped ({Share:P1} of its samples at its peak); decoding it with the bounded search",
                source,
                meter.ClippedShare);
        }

        return clipped;
    }

    /// <summary>The decoder's running cepstral mean, when <see cref="SphinxOptions.ResetCepstralMean"/> found it; for tests.</summary>
    internal SphinxCepstralMean? CepstralMean => _cepstralMean;

    /// <summary>Puts the decoder's running cepstral mean back to its start (<see cref="SphinxCepstralMean"/>); before each stream.</summary>
    internal void ResetCepstralMean() => _cepstralMean?.Reset();

    internal List<SphinxWord> ReadWords(IntPtr ps) => ReadWords(_native, _logmath, ps);

    /// <summary>The utterance's words with the filler pass's fillers (<see cref="SphinxOptions.FillerPass"/>); as heard when it is off.</summary>
    /// <param name="heard">The utterance as the language-model search decoded it.</param>
    /// <param name="audio">The stream's audio from its start.</param>
    /// <param name="levels">The stream's frame levels: one instance per stream, made by its caller.</param>
    internal IReadOnlyList<SphinxWord> WithFillers(IReadOnlyList<SphinxWord> heard, ReadOnlySpan<short> audio, FrameLevels levels) =>
        _fillers is null ? heard : _fillers.Apply(heard, audio, levels);

    /// <summary>The decoder's word segmentation of the utterance it last decoded, with frames, posteriors and acoustic scores.</summary>
    internal static unsafe List<SphinxWord> ReadWords(SphinxNative native, IntPtr logmath, IntPtr ps)
    {
        var words = new List<SphinxWord>();
        for (var seg = native.PsSegIter(ps); seg != IntPtr.Zero; seg = native.PsSegNext(seg))
        {
            int startFrame, endFrame;
            native.PsSegFrames(seg, &startFrame, &endFrame);
            int ascr, lscr, lback;
            var logPosterior = native.PsSegProb(seg, &ascr, &lscr, &lback);
            var word = Marshal.PtrToStringUTF8(native.PsSegWord(seg)) ?? string.Empty;
            words.Add(new SphinxWord(word, startFrame, endFrame, native.LogmathExp(logmath, logPosterior), ascr));
        }

        return words;
    }

    private unsafe int ReopenLog(IntPtr path) => _native.ErrSetLogfile(path);

    internal static short[] ToPcm16(ReadOnlySpan<float> samples)
    {
        // Scale by 32768, the inverse of the usual int16 -> float conversion, so 16-bit sources round-trip exactly.
        var pcm = new short[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(Math.Round(samples[i] * 32768.0), short.MinValue, short.MaxValue);
        }

        return pcm;
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new TranscriptionException(
                $"{path}: pocketsphinx {what} not found; install it with: {SphinxNative.InstallHint} " +
                "(or point SphinxOptions.ModelDirectory at another model)");
        }
    }

    private static void Check(int result, string function, AudioClip clip)
    {
        if (result < 0)
        {
            throw new TranscriptionException($"{Describe(clip)}: pocketsphinx {function} failed with {result}");
        }
    }

    private static string Describe(AudioClip clip) => clip.Source.Length > 0 ? clip.Source : "audio clip";
}
