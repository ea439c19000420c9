using VoiceCoach.Core.Audio;

namespace VoiceCoach.Speech.Adaptation;

/// <summary>One enrollment sentence as the speaker read it: the text shown and the 16 kHz mono recording.</summary>
/// <param name="Sentence">The sentence, as shown to the speaker.</param>
/// <param name="Clip">What they said.</param>
public sealed record EnrollmentRecording(string Sentence, AudioClip Clip);
