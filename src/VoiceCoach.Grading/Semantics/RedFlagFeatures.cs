using VoiceCoach.Grading.Analysis;

namespace VoiceCoach.Grading.Semantics;

/// <summary>
/// The red-flag stance classifier's input for one sentence: its sentence vector (scaled as the STAR classifier's, <see cref="SentenceFeatures.Scaled"/>),
/// then the cues that tell a stance from a story on the same topic: she speaks of herself ("I", "my"), she tells past
/// work ("I built", "we cut"), she says what she wants or prefers now ("want", "prefer", "looking for", "I'd"), and a
/// negation. Built the same way in training and grading.
/// </summary>
public static class RedFlagFeatures
{
    /// <summary>Number of cue features after the vector.</summary>
    public const int Cues = 4;

    /// <summary>Words that say what she wants or prefers now.</summary>
    internal static readonly HashSet<string> Wanting =
        ["want", "wants", "wanted", "prefer", "looking", "need", "hope", "hoping", "rather", "i'd", "like", "after", "expect", "priority", "matters"];

    internal static readonly HashSet<string> Negations = ["not", "never", "don't", "didn't", "isn't", "wasn't", "no", "without", "won't", "can't", "nothing", "nobody"];

    public static int Width(int dimensions) => dimensions + Cues;

    /// <summary>The features of one sentence from its vector and its normalised words.</summary>
    public static float[] Build(float[] vector, IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(words);
        var f = SentenceFeatures.Scaled(vector, Cues);
        var c = vector.Length;
        f[c] = SpeaksOfHerself(words) ? 1 : 0;
        f[c + 1] = TellsPastWork(words) ? 1 : 0;
        f[c + 2] = words.Any(Wanting.Contains) ? 1 : 0;
        f[c + 3] = words.Any(Negations.Contains) ? 1 : 0;
        return f;
    }

    internal static bool SpeaksOfHerself(IReadOnlyList<string> words) => words.Any(English.IWords.Contains);

    /// <summary>"I built", "we cut": a story of past work, not what she wants now.</summary>
    internal static bool TellsPastWork(IReadOnlyList<string> words) => English.CountFirstPersonPast(words) > 0;
}
