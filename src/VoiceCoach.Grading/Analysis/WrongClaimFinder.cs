using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Finds the question's wrong claims (bank <c>wrong_claims:</c>) an answer states: a definition said backwards
/// ("overfitting is when it hasn't learned enough"), a fix that makes things worse, a known-wrong method. The sentence
/// encoder reads such a sentence as close to the right idea (the same words, another order); this reads the order.
/// A claim's wrong words count only right after its subject (rubric claims.window_words), in the same sentence of the
/// answer's <see cref="SentenceView"/> (clauses end at ";" and ":" too; a transcript without punctuation is one run),
/// with no other subject, clause break ("and",
/// "but", "once") or negation between; a claim without a subject counts unless a negation sits just before or after it
/// (after it, "rather than" and "instead of" affirm it: rubric claims.affirming_after).
/// Either kind does not count when a rejection ("is a risk", "the mistake is") sits near it in its sentence: a right
/// answer may state the wrong idea in order to reject it. Deterministic and thread-safe.
/// </summary>
internal sealed class WrongClaimFinder(ClaimSettings settings)
{
    // After a claim without a subject, "rather than Y" and "instead of Y" affirm it (rubric claims.affirming_after).
    private readonly List<Phrase> _negationsAfter = settings.Negations.Where(n => !settings.AffirmingAfter.Contains(n.Pattern)).ToList();

    /// <summary>The claims of <paramref name="question"/> that the answer seen in <paramref name="view"/> states, in the bank's order, the first for each subject.</summary>
    public IReadOnlyList<WrongClaim> Find(Question question, SentenceView view)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(view);
        if (settings.WindowWords <= 0 || question.WrongClaims.Count == 0 || view.Count == 0)
        {
            return [];
        }

        var subjects = question.WrongClaims.SelectMany(c => c.About).ToList();
        // A recogniser's transcript has no full stops: the splitter's sentences there are guesses (a pause, "so", a long
        // run cut in two) that can fall between a subject and its predicate ("okay so overfitting is | when the model is
        // too simple"), so the claim is read over the whole answer, bounded by the window, the breaks and the other subjects.
        var sentences = view.Text.HasPunctuation || view.Text.Count == 0
            ? Enumerable.Range(0, view.Count).Select(view.Words).ToList()
            : [view.Text.Norm];
        // One point per subject said wrong: a swapped pair (bank swapped_pairs:, read after wrong_claims:) restates what a
        // hand-written claim about the same subject already says, and the candidate needs the idea the right way round once.
        return question.WrongClaims.Where(claim => sentences.Any(words => States(claim, words, subjects)))
            .Select((claim, i) => (claim, key: claim.About.Count == 0 ? $"#{i}" : string.Join('|', claim.About.Select(a => a.Pattern))))
            .DistinctBy(x => x.key)
            .Select(x => x.claim)
            .ToList();
    }

    private bool States(WrongClaim claim, IReadOnlyList<string> words, List<Phrase> subjects)
    {
        foreach (var say in claim.Says)
        {
            foreach (var at in say.FindIn(words))
            {
                var end = at + say.Length;
                var said = claim.About.Count == 0
                    ? !Any(settings.Negations, words, at - settings.NegationWords, at) && !Any(_negationsAfter, words, end, end + settings.NegationWords)
                    : claim.About.Any(about => Follows(about, at, words, subjects));
                if (said && !Rejected(at, end, words))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The wrong words at <paramref name="at"/> are said of <paramref name="about"/>: close after it, nothing turning the claim between.</summary>
    private bool Follows(Phrase about, int at, IReadOnlyList<string> words, List<Phrase> subjects) =>
        about.FindIn(words).Select(start => start + about.Length).Any(end =>
            end <= at && at - end <= settings.WindowWords
            && !Any(subjects, words, end, at) && !Any(settings.Breaks, words, end, at) && !Any(settings.Negations, words, end, at));

    /// <summary>A rejection ("is a risk", "the mistake is") within rubric claims.rejection_words of the claim's words [at, end).</summary>
    private bool Rejected(int at, int end, IReadOnlyList<string> words) =>
        settings.RejectionWords > 0
        && (Any(settings.Rejections, words, at - settings.RejectionWords, at) || Any(settings.Rejections, words, end, end + settings.RejectionWords));

    /// <summary>One of <paramref name="phrases"/> starts at a word in [from, to).</summary>
    private static bool Any(IEnumerable<Phrase> phrases, IReadOnlyList<string> words, int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(words.Count, to);
        for (var i = from; i < to; i++)
        {
            foreach (var p in phrases)
            {
                if (p.MatchesAt(words, i))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
