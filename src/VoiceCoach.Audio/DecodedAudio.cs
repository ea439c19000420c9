using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio;

/// <summary>An audio file converted to the product format, with what it was before conversion.</summary>
/// <param name="Clip">The audio at 16 kHz mono float.</param>
/// <param name="Info">The original format, the decoder used and any warning.</param>
public sealed record DecodedAudio(AudioClip Clip, AudioFileInfo Info);
