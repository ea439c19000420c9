namespace VoiceCoach.Core.Audio;

/// <summary>
/// Text-to-speech that renders to a clip instead of a loudspeaker, so speech goes through the
/// product's own playback path (<see cref="IAudioSink"/>). Implementations are safe to call
/// concurrently unless they say otherwise.
/// </summary>
public interface ISpeechSynthesizer
{
    /// <summary>The engine and voice, e.g. "espeak-ng" or "festival (cmu_us_slt_arctic_hts)".</summary>
    string Name { get; }

    /// <summary>Renders <paramref name="text"/> as a 16 kHz mono clip; cancelling stops the engine.</summary>
    /// <exception cref="SpeechSynthesisException">The engine is missing or failed; the message names the fix.</exception>
    Task<AudioClip> SynthesizeAsync(string text, CancellationToken cancellationToken = default);
}
