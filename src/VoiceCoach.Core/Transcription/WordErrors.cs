namespace VoiceCoach.Core.Transcription;

/// <summary>The word errors of one hypothesis against its reference, or of several summed.</summary>
/// <param name="ReferenceWords">Words in the (normalised) reference.</param>
/// <param name="Substitutions">Reference words recognised as another word.</param>
/// <param name="Deletions">Reference words missing from the hypothesis.</param>
/// <param name="Insertions">Hypothesis words with no reference word.</param>
public sealed record WordErrors(int ReferenceWords, int Substitutions, int Deletions, int Insertions)
{
    /// <summary>No words, no errors: the identity for <see cref="op_Addition"/>.</summary>
    public static WordErrors None { get; } = new(0, 0, 0, 0);

    /// <summary>Substitutions + deletions + insertions.</summary>
    public int Edits => Substitutions + Deletions + Insertions;

    /// <summary>
    /// Edits divided by reference words; can exceed 1 when the hypothesis adds words. With an
    /// empty reference: 0 when the hypothesis is empty too, otherwise 1.
    /// </summary>
    public double Rate => ReferenceWords == 0 ? (Edits == 0 ? 0 : 1) : Edits / (double)ReferenceWords;

    /// <summary>Sums counts, so that the rate of a set of clips is total edits over total reference words.</summary>
    public static WordErrors operator +(WordErrors left, WordErrors right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(
            left.ReferenceWords + right.ReferenceWords,
            left.Substitutions + right.Substitutions,
            left.Deletions + right.Deletions,
            left.Insertions + right.Insertions);
    }
}
