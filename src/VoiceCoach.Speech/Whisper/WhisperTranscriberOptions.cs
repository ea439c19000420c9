namespace VoiceCoach.Speech.Whisper;

/// <summary>Settings of <see cref="WhisperTranscriber"/>; the defaults suit interview answers in English.</summary>
public sealed record WhisperTranscriberOptions
{
    /// <summary>
    /// A prompt full of fillers: Whisper drops "um" and "uh" unless its context shows them, and the
    /// coach needs them counted.
    /// </summary>
    public const string FillerPrompt = "Um, uh, so, like, you know, I mean... Hmm. Well, uh, I think, um, yeah.";

    /// <summary>Initial prompt; null or empty for none. Default <see cref="FillerPrompt"/>.</summary>
    public string? Prompt { get; init; } = FillerPrompt;

    /// <summary>Language code for multilingual models ("auto" detects). Default "en".</summary>
    public string Language { get; init; } = "en";

    /// <summary>Beams at temperature 0; 1 means greedy. Default 5 (openai's CLI default).</summary>
    public int BeamSize { get; init; } = 5;

    /// <summary>Retry windows at temperatures 0.2 … 1.0 when the text is repetitive or improbable. Default true.</summary>
    public bool TemperatureFallback { get; init; } = true;

    /// <summary>Threads for the numeric core; 0 means processors, at most 4. Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>Most tokens per 30 s window; 0 means the model's limit (224). For diagnostics and tests.</summary>
    public int MaxTokensPerWindow { get; init; }
}
