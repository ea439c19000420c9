namespace VoiceCoach.Whisper;

/// <summary>
/// Configures a <see cref="WhisperProcessor"/> (Whisper.net style). Defaults: English, greedy at
/// temperature 0 with fallback 0.2 … 1.0 (best of 5), timestamps on, no prompt, previous text as
/// context, thresholds 2.4 (compression), −1 (log-prob), 0.6 (no speech). Not thread-safe; build once.
/// </summary>
public sealed class WhisperProcessorBuilder
{
    private readonly IWhisperInference _inference;
    private readonly WhisperTokenizer _tokenizer;
    private WhisperDecodingOptions _options = new();

    internal WhisperProcessorBuilder(IWhisperInference inference, WhisperTokenizer tokenizer)
    {
        _inference = inference;
        _tokenizer = tokenizer;
    }

    /// <summary>Language code ("en", "de", …) or "auto" to detect it (multilingual models). Default "en".</summary>
    public WhisperProcessorBuilder WithLanguage(string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        _options = _options with { Language = language.Trim().ToLowerInvariant() };
        return this;
    }

    /// <summary>Translate into English (multilingual models).</summary>
    public WhisperProcessorBuilder WithTranslate()
    {
        _options = _options with { Translate = true };
        return this;
    }

    /// <summary>Greedy decoding at temperature 0; <paramref name="bestOf"/> samples at higher temperatures. Default 5.</summary>
    public WhisperProcessorBuilder WithGreedySamplingStrategy(int bestOf = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bestOf, 1);
        _options = _options with { Strategy = WhisperSamplingStrategy.Greedy, BestOf = bestOf };
        return this;
    }

    /// <summary>Beam search at temperature 0 (openai's: stop after round(beams × patience) finish). Defaults 5 and 1.</summary>
    public WhisperProcessorBuilder WithBeamSearchSamplingStrategy(int beamSize = 5, double patience = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(beamSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(patience, 0);
        _options = _options with { Strategy = WhisperSamplingStrategy.BeamSearch, BeamSize = beamSize, Patience = patience };
        return this;
    }

    /// <summary>Rank candidates by sum log-prob / ((5 + length) / 6)^alpha instead of / length.</summary>
    public WhisperProcessorBuilder WithLengthPenalty(double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        _options = _options with { LengthPenalty = alpha };
        return this;
    }

    /// <summary>Initial prompt, e.g. "Um, uh, so, like..." to keep fillers in the transcript.</summary>
    public WhisperProcessorBuilder WithPrompt(string prompt)
    {
        _options = _options with { Prompt = prompt };
        return this;
    }

    /// <summary>Do not feed the previous windows' text as context (the initial prompt stays).</summary>
    public WhisperProcessorBuilder WithNoContext()
    {
        _options = _options with { ConditionOnPreviousText = false };
        return this;
    }

    /// <summary>Threads for the numeric core. Default: processors, at most 4.</summary>
    public WhisperProcessorBuilder WithThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _options = _options with { Threads = threads };
        return this;
    }

    /// <summary>Per-word times (whisper.cpp's token timestamps); fills <see cref="WhisperSegment.Words"/>.</summary>
    public WhisperProcessorBuilder WithTokenTimestamps()
    {
        _options = _options with { TokenTimestamps = true };
        return this;
    }

    /// <summary>No timestamp tokens: one segment per window.</summary>
    public WhisperProcessorBuilder WithoutTimestamps()
    {
        _options = _options with { Timestamps = false };
        return this;
    }

    /// <summary>Temperatures tried in order (the first is normally 0). Default 0, 0.2, …, 1.0.</summary>
    public WhisperProcessorBuilder WithTemperatureFallback(params float[] temperatures)
    {
        ArgumentNullException.ThrowIfNull(temperatures);
        if (temperatures.Length == 0 || temperatures.Any(t => t < 0 || float.IsNaN(t)))
        {
            throw new ArgumentException("temperatures: give at least one, each 0 or more", nameof(temperatures));
        }

        _options = _options with { Temperatures = [.. temperatures] };
        return this;
    }

    /// <summary>Temperatures from <paramref name="start"/> up to 1.0 in steps of <paramref name="increment"/> (whisper.cpp's form).</summary>
    public WhisperProcessorBuilder WithTemperatureFallback(float start, float increment)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        var temperatures = new List<float>();
        if (increment > 0)
        {
            for (var t = start; t < 1.0f + 1e-6f; t += increment)
            {
                temperatures.Add(t);
            }
        }
        else
        {
            temperatures.Add(start);
        }

        return WithTemperatureFallback([.. temperatures]);
    }

    /// <summary>Only temperature 0: no fallback.</summary>
    public WhisperProcessorBuilder WithoutTemperatureFallback() => WithTemperatureFallback(0f);

    /// <summary>Fallback and silence thresholds; null disables one. Defaults 2.4, −1.0, 0.6.</summary>
    public WhisperProcessorBuilder WithThresholds(double? compressionRatio = 2.4, double? logProb = -1.0, double? noSpeech = 0.6)
    {
        _options = _options with { CompressionRatioThreshold = compressionRatio, LogProbThreshold = logProb, NoSpeechThreshold = noSpeech };
        return this;
    }

    /// <summary>Suppress non-speech symbols (♪, brackets, quotes, …) as whisper.cpp's suppress_nst.</summary>
    public WhisperProcessorBuilder WithSuppressNonSpeechTokens()
    {
        _options = _options with { SuppressNonSpeechTokens = true };
        return this;
    }

    /// <summary>Latest allowed first timestamp in seconds. Default 1.0.</summary>
    public WhisperProcessorBuilder WithMaxInitialTimestamp(double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        _options = _options with { MaxInitialTimestamp = seconds };
        return this;
    }

    /// <summary>Most tokens sampled per window (whisper.cpp's max_tokens). Default: n_text_ctx / 2.</summary>
    public WhisperProcessorBuilder WithMaxTokensPerWindow(int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        _options = _options with { MaxTokensPerWindow = maxTokens };
        return this;
    }

    /// <summary>Seed of the sampler used above temperature 0. Default 0.</summary>
    public WhisperProcessorBuilder WithSeed(int seed)
    {
        _options = _options with { Seed = seed };
        return this;
    }

    /// <summary>Creates the processor; the caller disposes it before the factory.</summary>
    public WhisperProcessor Build()
    {
        if (_tokenizer.Special.IsMultilingual && _options.Language != "auto" && _tokenizer.Special.Language(_options.Language) is null)
        {
            throw new ArgumentException($"language '{_options.Language}': not a Whisper language code; use e.g. \"en\" or \"auto\"");
        }

        return new WhisperProcessor(_inference, _tokenizer, _options);
    }
}
