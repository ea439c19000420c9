namespace VoiceCoach.Whisper;

/// <summary>
/// openai/whisper's transcribe loop over 30 s windows: encode the window at <c>seek</c>, decode it
/// with temperature fallback, skip it when it is silence, cut it into segments at timestamp pairs,
/// and move <c>seek</c> to the last timestamp (or past the window when it ends on a single
/// timestamp or has none). The initial prompt and, when enabled, the text so far are fed as
/// context. One instance per call: it holds the sampler's random state.
/// </summary>
internal sealed class WhisperTranscriptionLoop
{
    /// <summary>Frames in one window (30 s at 100 frames a second).</summary>
    public const int WindowFrames = 3000;

    private const int MinimumFrames = 10;

    private readonly IWhisperInference _inference;
    private readonly WhisperTokenizer _tokenizer;
    private readonly WhisperDecodingOptions _options;
    private readonly WhisperWindowDecoder _decoder;

    public WhisperTranscriptionLoop(IWhisperInference inference, WhisperTokenizer tokenizer, WhisperDecodingOptions options)
    {
        _inference = inference;
        _tokenizer = tokenizer;
        _options = options;
        _decoder = new WhisperWindowDecoder(tokenizer, options, inference.TextContext, inference.AudioContext);
    }

    private WhisperSpecialTokens Special => _tokenizer.Special;

    /// <summary>Transcribes 16 kHz mono samples, window by window; enumerate on one thread.</summary>
    public IEnumerable<WhisperSegment> Run(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var mel = _inference.ComputeLogMel(samples.Span, _options.Threads);
        var contentFrames = mel.ContentFrames;
        var timer = _options.TokenTimestamps ? new WhisperWordTimer(_tokenizer, samples.Span) : null;
        var initialPrompt = string.IsNullOrWhiteSpace(_options.Prompt) ? [] : _tokenizer.Encode(" " + _options.Prompt.Trim());
        var context = new List<int>();
        var language = ResolveLanguage();
        var framesPerTimestamp = WindowFrames / _inference.AudioContext;

        var seek = 0;
        while (seek + MinimumFrames < contentFrames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var windowFrames = Math.Min(WindowFrames, contentFrames - seek);
            WhisperWindowResult result;
            using (var encoding = _inference.Encode(mel, seek, _options.Threads, cancellationToken))
            {
                if (Special.IsMultilingual && language is null)
                {
                    language = DetectLanguage(encoding, cancellationToken);
                }

                // The initial prompt always leads (it carries the filler style); the previous text
                // fills the rest of the half context that the prompt may use.
                var prompt = new List<int>(initialPrompt);
                if (_options.ConditionOnPreviousText)
                {
                    var room = Math.Max(0, (_inference.TextContext / 2) - 1 - initialPrompt.Count);
                    prompt.AddRange(context.Skip(Math.Max(0, context.Count - room)));
                }

                result = _decoder.DecodeWithFallback(encoding, prompt, language, cancellationToken);
            }

            if (IsSilence(result))
            {
                seek += windowFrames;
                continue;
            }

            var (segments, advance) = Split(result, seek, windowFrames, framesPerTimestamp, contentFrames, timer);
            seek += advance > 0 ? advance : windowFrames;
            context.AddRange(result.Tokens.Select(t => t.Id));
            if (result.Temperature > 0.5f)
            {
                // A high-temperature window is a poor context for the next one (openai resets the prompt).
                context.Clear();
            }

            foreach (var segment in segments)
            {
                yield return segment;
            }
        }
    }

    private bool IsSilence(WhisperWindowResult result)
    {
        if (_options.NoSpeechThreshold is not { } threshold)
        {
            return false;
        }

        var skip = result.NoSpeechProbability > threshold;
        if (_options.LogProbThreshold is { } logProb && result.AvgLogProb > logProb)
        {
            skip = false;
        }

        return skip;
    }

    private (List<WhisperSegment> Segments, int Advance) Split(
        WhisperWindowResult result, int seek, int windowFrames, int framesPerTimestamp, int contentFrames, WhisperWordTimer? timer)
    {
        var tokens = result.Tokens;
        var n = tokens.Count;
        var beg = Special.TimestampBegin;
        bool IsTs(int i) => tokens[i].Id >= beg;

        var slices = new List<(int From, int To, int StartFrame, int EndFrame)>();
        var consecutive = new List<int>();
        for (var i = 0; i + 1 < n; i++)
        {
            if (IsTs(i) && IsTs(i + 1))
            {
                consecutive.Add(i + 1);
            }
        }

        var singleTimestampEnding = n >= 2 && !IsTs(n - 2) && IsTs(n - 1);
        int advance;
        if (consecutive.Count > 0)
        {
            if (singleTimestampEnding)
            {
                consecutive.Add(n);
            }

            var last = 0;
            foreach (var current in consecutive)
            {
                var start = (tokens[last].Id - beg) * framesPerTimestamp;
                var end = (tokens[current - 1].Id - beg) * framesPerTimestamp;
                slices.Add((last, current, start, end));
                last = current;
            }

            advance = singleTimestampEnding ? windowFrames : (tokens[last - 1].Id - beg) * framesPerTimestamp;
        }
        else
        {
            var duration = windowFrames;
            var lastTs = tokens.LastOrDefault(t => t.Id >= beg);
            if (lastTs.Id > beg)
            {
                duration = (lastTs.Id - beg) * framesPerTimestamp;
            }

            slices.Add((0, n, 0, duration));
            advance = windowFrames;
        }

        var segments = new List<WhisperSegment>();
        foreach (var (from, to, startFrame, endFrame) in slices)
        {
            var sliced = tokens.Skip(from).Take(to - from).ToList();
            var text = _tokenizer.Decode(sliced.Select(t => t.Id));
            if (text.Trim().Length == 0 || seek + startFrame >= contentFrames)
            {
                // Empty, or text placed after the end of the audio (a hallucination).
                continue;
            }

            // Frames are centiseconds (100 a second); keep segments inside the audio.
            long start = Math.Min(seek + startFrame, contentFrames);
            long end = Math.Clamp(seek + endFrame, start, contentFrames);
            var words = timer is null ? [] : timer.Words(sliced, seek, start, end);
            segments.Add(new WhisperSegment(
                TimeSpan.FromMilliseconds(start * 10),
                TimeSpan.FromMilliseconds(end * 10),
                text,
                words,
                result.NoSpeechProbability,
                (float)result.AvgLogProb,
                result.Temperature,
                [.. sliced.Select(t => t.Id)]));
        }

        return (segments, advance);
    }

    private int? ResolveLanguage()
    {
        if (!Special.IsMultilingual || string.Equals(_options.Language, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Special.Language(_options.Language)
            ?? throw new ArgumentException($"language '{_options.Language}': not a Whisper language code; use e.g. \"en\" or \"auto\"");
    }

    private int DetectLanguage(IWhisperEncoding encoding, CancellationToken cancellationToken)
    {
        using var session = encoding.CreateSession(_options.Threads);
        var logits = new float[Special.VocabularySize];
        session.Decode([Special.StartOfTranscript], logits, cancellationToken);
        var first = Special.StartOfTranscript + 1;
        return first + WhisperLogitFilters.ArgMax(logits.AsSpan(first, Special.LanguageCount));
    }
}
