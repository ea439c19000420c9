namespace VoiceCoach.Whisper;

/// <summary>One sampled token with what token-level timing needs (as whisper.cpp's whisper_token_data).</summary>
/// <param name="Id">The token.</param>
/// <param name="Probability">Its probability after the logit filters.</param>
/// <param name="LogProbability">Its log-probability after the logit filters.</param>
/// <param name="TimestampId">The most probable timestamp token at this step.</param>
/// <param name="TimestampProbability">That timestamp's share of all timestamp probability.</param>
/// <param name="TimestampProbabilitySum">Total probability of the timestamp tokens.</param>
public readonly record struct WhisperTokenData(
    int Id, float Probability, float LogProbability, int TimestampId, float TimestampProbability, float TimestampProbabilitySum);

/// <summary>The decoded text of one 30 s window at one temperature.</summary>
/// <param name="Tokens">Sampled tokens without the final end-of-text.</param>
/// <param name="SumLogProb">Sum of log-probabilities, including end-of-text when it was sampled.</param>
/// <param name="AvgLogProb">SumLogProb / (tokens + 1), as openai.</param>
/// <param name="NoSpeechProbability">Probability of &lt;|nospeech|&gt; at the first step, before any filter.</param>
/// <param name="Temperature">The temperature that produced it.</param>
/// <param name="Text">Decoded text tokens.</param>
/// <param name="CompressionRatio">UTF-8 length / zlib-compressed length of the text (high = repetitive).</param>
internal sealed record WhisperWindowResult(
    IReadOnlyList<WhisperTokenData> Tokens,
    double SumLogProb,
    double AvgLogProb,
    float NoSpeechProbability,
    float Temperature,
    string Text,
    double CompressionRatio);
