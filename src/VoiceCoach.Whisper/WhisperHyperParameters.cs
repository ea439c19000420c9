namespace VoiceCoach.Whisper;

/// <summary>
/// The eleven header integers of a ggml Whisper file, in file order.
/// </summary>
/// <param name="VocabularySize">n_vocab: logits per step, including the special tokens beyond the stored vocabulary.</param>
/// <param name="AudioContext">n_audio_ctx: encoder positions per 30 s window (1500).</param>
/// <param name="AudioState">n_audio_state: encoder width.</param>
/// <param name="AudioHeads">n_audio_head.</param>
/// <param name="AudioLayers">n_audio_layer.</param>
/// <param name="TextContext">n_text_ctx: most tokens the decoder can hold (448).</param>
/// <param name="TextState">n_text_state: decoder width.</param>
/// <param name="TextHeads">n_text_head.</param>
/// <param name="TextLayers">n_text_layer.</param>
/// <param name="MelBands">n_mels: 80, or 128 for large-v3.</param>
/// <param name="FileType">ftype as stored: the weight type plus 1000 × the quantisation version (e.g. 2009 for q5_1).</param>
public sealed record WhisperHyperParameters(
    int VocabularySize,
    int AudioContext,
    int AudioState,
    int AudioHeads,
    int AudioLayers,
    int TextContext,
    int TextState,
    int TextHeads,
    int TextLayers,
    int MelBands,
    int FileType)
{
    /// <summary>True for multilingual models (n_vocab ≥ 51865); English-only models have 51864.</summary>
    public bool IsMultilingual => VocabularySize >= 51865;

    /// <summary>The weight type part of <see cref="FileType"/> (0 f32, 1 f16, 2 q4_0, 3 q4_1, 7 q8_0... as in ggml's ftype).</summary>
    public int WeightType => FileType % 1000;

    /// <summary>The quantisation version part of <see cref="FileType"/> (0 for f32/f16 files).</summary>
    public int QuantizationVersion => FileType / 1000;
}
