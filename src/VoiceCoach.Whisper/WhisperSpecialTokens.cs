namespace VoiceCoach.Whisper;

/// <summary>
/// Ids of Whisper's special tokens, derived from the vocabulary size exactly as whisper.cpp does:
/// English-only models (n_vocab 51864) have eot 50256, sot 50257, 99 language slots, translate
/// 50357 … notimestamps 50362 and the first timestamp 50363; multilingual models (n_vocab ≥ 51865)
/// shift eot and sot up by one and the task tokens by (languages − 98), where the number of
/// languages is n_vocab − 51766 (99, or 100 for large-v3's 51866).
/// </summary>
public sealed class WhisperSpecialTokens
{
    /// <summary>Language codes in Whisper's token order (the first 99 for most models; large-v3 adds "yue").</summary>
    internal static readonly string[] LanguageCodes =
    [
        "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi",
        "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk",
        "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw",
        "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo",
        "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue",
    ];

    /// <summary>Derives the special token ids for a model with <paramref name="vocabularySize"/> logits.</summary>
    public WhisperSpecialTokens(int vocabularySize)
    {
        if (vocabularySize < 51864)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, "a Whisper vocabulary has at least 51864 tokens");
        }

        VocabularySize = vocabularySize;
        IsMultilingual = vocabularySize >= 51865;
        LanguageCount = Math.Min(LanguageCodes.Length, vocabularySize - 51765 - (IsMultilingual ? 1 : 0));
        var shift = IsMultilingual ? LanguageCount - 98 : 0;
        EndOfText = IsMultilingual ? 50257 : 50256;
        StartOfTranscript = EndOfText + 1;
        Translate = 50357 + shift;
        Transcribe = 50358 + shift;
        StartOfLm = 50359 + shift;
        StartOfPrev = 50360 + shift;
        NoSpeech = 50361 + shift;
        NoTimestamps = 50362 + shift;
        TimestampBegin = 50363 + shift;
    }

    public int VocabularySize { get; }

    public bool IsMultilingual { get; }

    /// <summary>Number of language tokens that follow <see cref="StartOfTranscript"/>.</summary>
    public int LanguageCount { get; }

    public int EndOfText { get; }

    public int StartOfTranscript { get; }

    public int Translate { get; }

    public int Transcribe { get; }

    public int StartOfLm { get; }

    public int StartOfPrev { get; }

    public int NoSpeech { get; }

    public int NoTimestamps { get; }

    /// <summary>The <c>&lt;|0.00|&gt;</c> token; token <c>TimestampBegin + i</c> is <c>i × 0.02</c> s.</summary>
    public int TimestampBegin { get; }

    /// <summary>The last timestamp token (normally <c>&lt;|30.00|&gt;</c>).</summary>
    public int TimestampEnd => VocabularySize - 1;

    /// <summary>True for timestamp tokens (<c>&lt;|0.00|&gt;</c> and later).</summary>
    public bool IsTimestamp(int id) => id >= TimestampBegin && id < VocabularySize;

    /// <summary>True for text tokens (below <see cref="EndOfText"/>).</summary>
    public bool IsText(int id) => id >= 0 && id < EndOfText;

    /// <summary>Seconds of a timestamp token from the start of its 30 s window.</summary>
    public double TimestampSeconds(int id) => (id - TimestampBegin) * 0.02;

    /// <summary>The language token for a code such as "en", or null when the model has no such language.</summary>
    public int? Language(string code)
    {
        var index = Array.IndexOf(LanguageCodes, code);
        return index >= 0 && index < LanguageCount ? StartOfTranscript + 1 + index : null;
    }

    /// <summary>The language code of a language token, or null.</summary>
    public string? LanguageCode(int id)
    {
        var index = id - StartOfTranscript - 1;
        return index >= 0 && index < LanguageCount ? LanguageCodes[index] : null;
    }

    /// <summary>The printable name of a special token (openai's spelling), or null for text tokens.</summary>
    public string? Name(int id)
    {
        if (id == EndOfText)
        {
            return "<|endoftext|>";
        }

        if (id == StartOfTranscript)
        {
            return "<|startoftranscript|>";
        }

        if (LanguageCode(id) is { } code)
        {
            return $"<|{code}|>";
        }

        if (id == Translate)
        {
            return "<|translate|>";
        }

        if (id == Transcribe)
        {
            return "<|transcribe|>";
        }

        if (id == StartOfLm)
        {
            return "<|startoflm|>";
        }

        if (id == StartOfPrev)
        {
            return "<|startofprev|>";
        }

        if (id == NoSpeech)
        {
            return "<|nospeech|>";
        }

        if (id == NoTimestamps)
        {
            return "<|notimestamps|>";
        }

        if (IsTimestamp(id))
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<|{TimestampSeconds(id):0.00}|>");
        }

        return id >= EndOfText && id < VocabularySize ? $"<|extra_{id}|>" : null;
    }
}
