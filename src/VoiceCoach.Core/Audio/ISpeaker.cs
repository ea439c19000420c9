namespace VoiceCoach.Core.Audio;

/// <summary>
/// Says something out loud (an interview question). One job: text in, sound out.
/// </summary>
/// <remarks>
/// Rule for callers: never capture while speaking. <see cref="SpeakAsync"/> completes only after
/// playback has finished (or was cancelled), so a practice session starts recording after it
/// returns and the microphone never hears the question.
/// </remarks>
public interface ISpeaker
{
    /// <summary>The voice and output, as the user would recognise them (e.g. "festival (cmu_us_slt_arctic_hts) → default").</summary>
    string Name { get; }

    /// <summary>Speaks <paramref name="text"/> and completes when it has been heard; cancelling stops synthesis or playback promptly.</summary>
    /// <exception cref="SpeechSynthesisException">No synthesizer is installed, or it failed.</exception>
    /// <exception cref="AudioDeviceException">The output device cannot be opened or fails while playing.</exception>
    Task SpeakAsync(string text, CancellationToken cancellationToken = default);
}
