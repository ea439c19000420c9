using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Red flags heard by meaning: each sentence's stance from the <see cref="RedFlagClassifier"/> over the vector the STAR
/// classifier already has (no second encoding). Most stances are about what the candidate wants now, so a hit is sure
/// (as sure as the flag's phrase) only when the classifier is (rubric critical.red_flag_stance_sure), she speaks of
/// herself, the sentence is not a story of past work ("I cut the weekend pages") unless it also says what she wants, and
/// it holds one of the flag's everyday words (the pack's heard_as). A flag heard in how she tells things (the pack's
/// stance: told: blame, a restart with no root cause, negativity) needs the classifier and the word, said of anyone
/// (<see cref="RedFlagFinder"/> leaves out a flag the answer clears, cleared_by: a root cause named). Otherwise, from
/// critical.red_flag_stance_doubt up and with the flag's word, it is a possible red flag: one "needs work" point naming
/// the sentence and the flag's why, never a cap.
/// </summary>
internal sealed class StanceReader
{
    /// <summary>A quoted sentence is cut to this many words.</summary>
    private const int QuoteWords = 16;

    /// <summary>Words quoted before the flag's word in a long sentence.</summary>
    private const int QuoteLead = 8;

    private readonly CompanyPack _company;
    private readonly RedFlagClassifier _classifier;
    private readonly double _sure;
    private readonly double _doubt;
    private readonly double _unheard;

    public StanceReader(RubricSettings rubric, CompanyPack company, RedFlagClassifier classifier)
    {
        _company = company;
        _classifier = classifier;
        _sure = rubric.Critical.RedFlagStanceSure;
        _doubt = rubric.Critical.RedFlagStanceDoubt > 0 ? rubric.Critical.RedFlagStanceDoubt : _sure;
        _unheard = rubric.Critical.RedFlagStanceUnheard;
    }

    /// <summary>
    /// The red flags surely heard by meaning (with whether each is high severity) and the likeliest possible one
    /// ("\"sentence\": it can sound like a red flag (label). why"), leaving out the <paramref name="ignored"/> flags and those already <paramref name="heard"/>
    /// by their phrases; a flag marked context: role counts only in a sentence <paramref name="aboutTheRole"/>; and the
    /// classifier's highest probability on any sentence of a flag not ignored, and on one that states it (at any bar:
    /// evidence for the calibrated grade).
    /// </summary>
    public StanceReading Read(SentenceView view, ISet<string> ignored, ISet<string> heard, Func<int, bool> aboutTheRole)
    {
        var sure = new List<(RedFlagHit, bool)>();
        if (_sure <= 0)
        {
            return new StanceReading(sure, null, 0, 0);
        }

        string? doubt = null;
        double doubtP = 0, max = 0, statedMax = 0;
        for (var i = 0; i < view.Count; i++)
        {
            var words = view.Words(i);
            var (id, p) = _classifier.Strongest(RedFlagFeatures.Build(view.Vectors[i], words));
            var flag = _company.RedFlags.FirstOrDefault(f => f.Id == id);
            if (flag is not null && !ignored.Contains(id))
            {
                max = Math.Max(max, p);
                statedMax = Stated(view, i, flag) ? Math.Max(statedMax, p) : statedMax;
            }

            if (p < _doubt || flag is null || ignored.Contains(id) || heard.Contains(id) || (flag.RoleContextOnly && !aboutTheRole(i))
                || !Stated(view, i, flag))
            {
                continue;
            }

            // The classifier reads topic more than stance ("none of our monitoring caught it" sits near blame, "I'll do my
            // best" near wanting instructions): without one of the flag's everyday words it is the flag only when the
            // classifier is surer still (red_flag_stance_unheard), and never a possible one.
            var worded = flag.HeardAs.Any(h => h.OccursIn(words));
            if (!worded && (_unheard <= 0 || p < _unheard))
            {
                continue;
            }

            var quote = Quote(view, i, flag);
            if (!worded || p >= _sure)
            {
                sure.Add((new RedFlagHit(flag.Id, flag.Label, quote, flag.Why, flag.Severity), flag.IsHigh));
                heard.Add(id);
            }
            else if (p > doubtP)
            {
                doubtP = p;
                doubt = $"\"{quote}\": it can sound like a red flag ({flag.Label}). {flag.Why}";
            }
        }

        return new StanceReading(sure, sure.Count > 0 ? null : doubt, max, statedMax);
    }

    /// <summary>
    /// The sentence states the flag's stance: not a question ("would I fight to keep them?" asks, it states nothing); and
    /// for a flag about what she wants now, said of herself and not a story of past work ("I cut the weekend pages")
    /// unless it also says what she wants. A flag heard in how she tells things (stance: told, such as blame of another
    /// team in an incident story) may be said of anyone, in a story.
    /// </summary>
    private static bool Stated(SentenceView view, int sentence, RedFlag flag)
    {
        if (view.Text.Raw[view.Spans[sentence].Last].EndsWith('?'))
        {
            return false;
        }

        var words = view.Words(sentence);
        return flag.Stance == RedFlagStance.Told
            || (RedFlagFeatures.SpeaksOfHerself(words) && (!RedFlagFeatures.TellsPastWork(words) || words.Any(RedFlagFeatures.Wanting.Contains)));
    }

    /// <summary>The sentence, or a window of it around its first heard_as word when it is long ("…somewhere I can settle for the long term").</summary>
    private static string Quote(SentenceView view, int sentence, RedFlag flag)
    {
        var span = view.Spans[sentence];
        var words = view.Words(sentence);
        var at = Enumerable.Range(0, words.Count).FirstOrDefault(k => flag.HeardAs.Any(h => h.MatchesAt(words, k)));
        var first = span.First + Math.Max(0, Math.Min(at - QuoteLead, words.Count - QuoteWords));
        var last = Math.Min(span.Last, first + QuoteWords - 1);
        var text = view.Text.RawText(first, last).TrimEnd('.', ',', '!', '?', ';');
        return (first > span.First ? "…" : string.Empty) + text + (last < span.Last ? "…" : string.Empty);
    }
}

/// <summary>What <see cref="StanceReader"/> heard in an answer.</summary>
/// <param name="Sure">The red flags surely heard by meaning, each with whether it is high severity.</param>
/// <param name="Doubt">The likeliest possible red flag, quoted, or null.</param>
/// <param name="Max">The classifier's highest probability on any sentence of a flag not ignored.</param>
/// <param name="StatedMax">The same among the sentences that state the flag's stance.</param>
internal sealed record StanceReading(List<(RedFlagHit Hit, bool High)> Sure, string? Doubt, double Max, double StatedMax);
