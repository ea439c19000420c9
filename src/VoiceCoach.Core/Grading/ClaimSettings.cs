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

    /// <summary>
    /// Negations that affirm a claim without a subject when they come right after it: "split by country <em>rather</em>
    /// than by user", "do X <em>instead</em> of Y" say X (before it, "rather than X" still turns X round). Empty (the
    /// default when the rubric omits it): every negation turns the claim round on either side.
    /// </summary>
    public IReadOnlySet<string> AffirmingAfter { get; init; } = new HashSet<string>();

    /// <summary>
    /// Words that reject a claim said in order to reject it ("being the only one who knows is a <em>risk</em>", "the
    /// <em>mistake</em> is to drop position"): one of them this many words before the claim or after it, in its sentence,
    /// and the claim does not count. 0 (the default when the rubric omits it): no rejection is read.
    /// </summary>
    public int RejectionWords { get; init; }

    /// <summary>The words of <see cref="RejectionWords"/> ("risk", "mistake", "myth", "trap").</summary>
    public IReadOnlyList<Phrase> Rejections { get; init; } = [];
}
