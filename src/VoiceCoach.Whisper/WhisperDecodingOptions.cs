namespace VoiceCoach.Whisper;

/// <summary>
/// Everything that shapes decoding, with openai/whisper's and whisper.cpp's defaults. Built and
/// validated by the processor builder; immutable.
/// </summary>
internal sealed record WhisperDecodingOptions
{
    /// <summary>Language code for multilingual models ("auto" detects it on the first window). Default "en".</summary>
    public string Language { get; init; } = "en";

    /// <summary>Translate to English instead of transcribing (multilingual models only).</summary>
    public bool Translate { get; init; }

    public WhisperSamplingStrategy Strategy { get; init; } = WhisperSamplingStrategy.Greedy;

    /// <summary>Beams for beam search at temperature 0. Default 5.</summary>
    public int BeamSize { get; init; } = 5;

    /// <summary>Beam search stops once round(BeamSize × Patience) sequences have finished. Default 1.</summary>
    public double Patience { get; init; } = 1.0;

    /// <summary>Independent samples per window at temperature &gt; 0; the best is kept. Default 5.</summary>
    public int BestOf { get; init; } = 5;

    /// <summary>null: rank by sum log-prob / length; otherwise openai's ((5 + length) / 6)^alpha. Default null.</summary>
    public double? LengthPenalty { get; init; }

    /// <summary>Temperatures tried in order until a window passes the thresholds. Default 0, 0.2, …, 1.0.</summary>
    public IReadOnlyList<float> Temperatures { get; init; } = [0f, 0.2f, 0.4f, 0.6f, 0.8f, 1.0f];

    /// <summary>Fall back when the gzip compression ratio of the text is above this. Default 2.4; null disables.</summary>
    public double? CompressionRatioThreshold { get; init; } = 2.4;

    /// <summary>Fall back when the average log-prob is below this. Default −1; null disables.</summary>
    public double? LogProbThreshold { get; init; } = -1.0;

    /// <summary>A window is silence when the no-speech probability is above this and the log-prob is low. Default 0.6.</summary>
    public double? NoSpeechThreshold { get; init; } = 0.6;

    /// <summary>Initial prompt (e.g. fillers to keep: "Um, uh, so, like..."). Default none.</summary>
    public string? Prompt { get; init; }

    /// <summary>Feed the previous windows' text as context. Default true.</summary>
    public bool ConditionOnPreviousText { get; init; } = true;

    /// <summary>Predict timestamp tokens (segments within a window). Default true.</summary>
    public bool Timestamps { get; init; } = true;

    /// <summary>Compute per-word times from timestamp-token probabilities. Default false.</summary>
    public bool TokenTimestamps { get; init; }

    /// <summary>Suppress a blank and end-of-text as the first token. Default true.</summary>
    public bool SuppressBlank { get; init; } = true;

    /// <summary>Suppress whisper.cpp's non-speech symbols (♪, brackets, …). Default false, as whisper.cpp.</summary>
    public bool SuppressNonSpeechTokens { get; init; }

    /// <summary>The first timestamp may be at most this many seconds. Default 1.0.</summary>
    public double MaxInitialTimestamp { get; init; } = 1.0;

    /// <summary>Worker threads for the numeric core. Default: processors, at most 4.</summary>
    public int Threads { get; init; } = Math.Min(4, Environment.ProcessorCount);

    /// <summary>Most tokens sampled per window; 0 means n_text_ctx / 2 (224), openai's sample_len. Default 0.</summary>
    public int MaxTokensPerWindow { get; init; }

    /// <summary>Seed of the sampler at temperature &gt; 0 (results are reproducible). Default 0.</summary>
    public int Seed { get; init; }
}
