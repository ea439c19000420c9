using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Grading;

/// <summary>
/// How a question's <c>wrong_claims:</c> are found in an answer (rubric claims): the wrong words must follow the
/// subject closely, in the same sentence, with nothing between them that turns or ends the claim.
/// </summary>
public sealed record ClaimSettings
{
    /// <summary>The wrong words start at most this many words after the subject. 0 (the default when the rubric omits it): no claims are read.</summary>
    public int WindowWords { get; init; }

    /// <summary>A claim without a subject is negated when one of <see cref="Negations"/> is this many words before it (or after it).</summary>
    public int NegationWords { get; init; } = 3;

    /// <summary>Words that end one claim and start another between subject and wrong words ("and", "but", "once").</summary>
    public IReadOnlyList<Phrase> Breaks { get; init; } = [];

    /// <summary>Words that turn a claim round ("not", "can't", "instead of", "lower").</summary>
    public IReadOnlyList<Phrase> Negations { get; init; } = [];
}
