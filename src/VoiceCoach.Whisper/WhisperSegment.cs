namespace VoiceCoach.Whisper;

/// <summary>A recognised word with times from the start of the audio.</summary>
/// <param name="Text">The word without surrounding spaces, with attached punctuation.</param>
/// <param name="Start">Start time.</param>
/// <param name="End">End time.</param>
/// <param name="Probability">Mean probability of its tokens.</param>
public sealed record WhisperWord(string Text, TimeSpan Start, TimeSpan End, float Probability);

/// <summary>A stretch of text between two timestamp tokens (or a whole window without them).</summary>
/// <param name="Start">Start from the beginning of the audio.</param>
/// <param name="End">End from the beginning of the audio.</param>
/// <param name="Text">The text as decoded (usually with a leading space).</param>
/// <param name="Words">Words with times when token timestamps are on, otherwise empty.</param>
/// <param name="NoSpeechProbability">Probability of &lt;|nospeech|&gt; for the window it came from.</param>
/// <param name="AvgLogProb">Average token log-probability of that window.</param>
/// <param name="Temperature">Temperature the window was decoded at (above 0 after a fallback).</param>
/// <param name="Tokens">Token ids of the segment, timestamps included.</param>
public sealed record WhisperSegment(
    TimeSpan Start,
    TimeSpan End,
    string Text,
    IReadOnlyList<WhisperWord> Words,
    float NoSpeechProbability,
    float AvgLogProb,
    float Temperature,
    IReadOnlyList<int> Tokens);
