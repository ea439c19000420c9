using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading.Analysis;

namespace VoiceCoach.Grading.Semantics;

/// <summary>
/// The STAR classifier's input for one sentence: its sentence vector (scaled so each dimension is of the order of the
/// cues), then where it sits in the answer and what its words say about tense and content: first, last, relative
/// position, "I/we + past verb", a past verb, a modal ("would", "will"), a number, an opinion marker, a company or
/// role mention, a specific marker ("last year", "for example"). Built the same way in training and grading.
/// </summary>
public sealed class SentenceFeatures
{
    /// <summary>Number of cue features after the vector.</summary>
    public const int Cues = 10;

    /// <summary>The vector is multiplied by this: a unit vector of 384 dimensions has entries of about 0.05.</summary>
    private const float VectorScale = 10;

    private readonly RubricSettings _rubric;
    private readonly Phrase[] _connection;

    public SentenceFeatures(RubricSettings rubric, CompanyPack company)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(company);
        _rubric = rubric;
        _connection = [.. company.NamePhrases, .. company.Values.Select(v => v.NamePhrase), .. company.Role.Terms];
    }

    public static int Width(int dimensions) => dimensions + Cues;

    /// <summary>A feature vector with the sentence vector scaled in front and room for <paramref name="cues"/> cues after it.</summary>
    internal static float[] Scaled(float[] vector, int cues)
    {
        var f = new float[vector.Length + cues];
        for (var d = 0; d < vector.Length; d++)
        {
            f[d] = vector[d] * VectorScale;
        }

        return f;
    }

    /// <summary>The features of sentence <paramref name="index"/> of <paramref name="count"/>.</summary>
    public float[] Build(float[] vector, IReadOnlyList<string> words, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(words);
        var f = Scaled(vector, Cues);
        var c = vector.Length;
        f[c] = count > 1 ? index / (float)(count - 1) : 0;
        f[c + 1] = index == 0 ? 1 : 0;
        f[c + 2] = index == count - 1 && count > 1 ? 1 : 0;
        f[c + 3] = English.CountFirstPersonPast(words) > 0 ? 1 : 0;
        f[c + 4] = words.Any(w => English.IsPast(w) && w is not ("was" or "were" or "had")) ? 1 : 0;
        f[c + 5] = words.Any(English.IsModal) ? 1 : 0;
        f[c + 6] = NumberFinder.Find(words).Count > 0 ? 1 : 0;
        f[c + 7] = _rubric.OpinionMarkers.Any(p => p.OccursIn(words)) ? 1 : 0;
        f[c + 8] = _connection.Any(p => p.OccursIn(words)) ? 1 : 0;
        f[c + 9] = _rubric.SpecificMarkers.Any(p => p.OccursIn(words)) ? 1 : 0;
        return f;
    }
}
