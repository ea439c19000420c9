using VoiceCoach.Core.Audio;

namespace VoiceCoach.Core.Transcription;

/// <summary>
/// Turns speech into text with per-word timings. Implementations live in VoiceCoach.Speech
/// (Whisper, PocketSphinx, OpenAI-compatible HTTP). Implementations are safe to call from one
/// thread at a time unless they document otherwise.
/// </summary>
public interface ITranscriber
{
    /// <summary>Short engine name shown in reports, e.g. "pocketsphinx 5prealpha (en-us)" or "whisper ggml-base.en".</summary>
    string EngineName { get; }

    /// <summary>Transcribes a 16 kHz mono clip.</summary>
    /// <exception cref="TranscriptionException">The engine failed; the message names the input and the fix.</exception>
    Task<Transcript> TranscribeAsync(AudioClip clip, CancellationToken cancellationToken);
}
