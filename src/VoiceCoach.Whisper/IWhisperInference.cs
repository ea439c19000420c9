namespace VoiceCoach.Whisper;

/// <summary>
/// The numeric core the decoding logic needs, as a narrow seam: the adapter over
/// <c>WhisperModel</c> implements it for real, tests script logits with hand-written fakes.
/// Implementations must allow several encodings and sessions at once (beam search clones sessions).
/// </summary>
internal interface IWhisperInference
{
    /// <summary>n_vocab: the number of logits per step.</summary>
    int VocabularySize { get; }

    /// <summary>n_text_ctx: the most tokens a decoder session can hold (448).</summary>
    int TextContext { get; }

    /// <summary>n_audio_ctx: encoder positions per 30 s window (1500), which fixes the timestamp precision.</summary>
    int AudioContext { get; }

    /// <summary>The log-mel spectrogram of a whole clip, followed by 30 s of silence so every window is full.</summary>
    WhisperMel ComputeLogMel(ReadOnlySpan<float> samples, int threads);

    /// <summary>Encodes the 30 s window of <paramref name="mel"/> that starts at frame <paramref name="offsetFrames"/>.</summary>
    IWhisperEncoding Encode(WhisperMel mel, int offsetFrames, int threads, CancellationToken cancellationToken);
}

/// <summary>One encoded window. The caller disposes it; sessions created from it keep what they need and may outlive it.</summary>
internal interface IWhisperEncoding : IDisposable
{
    /// <summary>A fresh decoder session (empty KV cache) over this window.</summary>
    IWhisperDecoderSession CreateSession(int threads);
}

/// <summary>A decoder with its KV cache. Not thread-safe; the caller disposes it.</summary>
internal interface IWhisperDecoderSession : IDisposable
{
    /// <summary>Tokens held in the cache.</summary>
    int Length { get; }

    /// <summary>Appends <paramref name="tokens"/> and writes the logits of the last one (n_vocab floats).</summary>
    void Decode(ReadOnlySpan<int> tokens, Span<float> logits, CancellationToken cancellationToken);

    /// <summary>An independent copy of this session (same cache).</summary>
    IWhisperDecoderSession Clone();
}

/// <summary>A log-mel spectrogram, row-major [bands][frames] (100 frames a second).</summary>
/// <param name="Data">The values, <c>Bands × Frames</c>.</param>
/// <param name="Bands">Mel bands (80 or 128).</param>
/// <param name="Frames">Frames including the 30 s of padding.</param>
/// <param name="ContentFrames">Frames that hold the clip itself (samples / 160).</param>
internal sealed record WhisperMel(float[] Data, int Bands, int Frames, int ContentFrames);
