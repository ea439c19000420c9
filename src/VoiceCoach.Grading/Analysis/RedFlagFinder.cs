using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// The company pack's red flags heard in an answer (one hit per flag). A flag marked context: role, and confusing
/// the role, count only in a sentence about this role, its team or company (rubric red_flag_role_context, the pack's
/// role.team_names). The confidence of
/// a high-severity hit drops when the sentence negates it ("not for the work-life balance"). Beyond the phrases, the
/// stance heard by meaning (<see cref="StanceReader"/>): a sentence the red-flag classifier hears as a flag.
/// </summary>
internal sealed class RedFlagFinder
{
    // How sure a high-severity flag (or red flags adding up to one) was raised; a negated one ("not for the work-life
    // balance") is doubtful, below critical.cap_confidence.
    private const double HighConfidence = 0.9;
    private const double NegatedHighConfidence = 0.4;

    private static readonly HashSet<string> Negations = ["not", "never", "don't", "didn't", "isn't", "wasn't", "no", "without", "won't", "can't"];

    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly StanceReader? _stance;

    public RedFlagFinder(RubricSettings rubric, CompanyPack company, RedFlagClassifier? stance = null)
    {
        _rubric = rubric;
        _company = company;
        _stance = stance is null ? null : new StanceReader(rubric, company, stance);
    }

    /// <summary>
    /// The hits, the confidence that a high-severity flag was really raised (0 when none), and a red flag only possibly
    /// heard by meaning (a "needs work" point, never a cap), or null.
    /// </summary>
    public RedFlagFindings Find(SentenceView view, Question question)
    {
        var w = view.Text;
        var ignored = question.IgnoreRedFlags.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hits = new List<RedFlagHit>();
        double high = 0;
        var asksAboutTheRole = NamesTheRole(WordText.Words(question.Text));
        // A flag the answer clears (cleared_by: "we restarted it" beside the root cause found) is raised neither by its
        // phrase nor by meaning.
        ignored.UnionWith(_company.RedFlags.Where(f => Cleared(f, view)).Select(f => f.Id));
        foreach (var f in _company.RedFlags.Where(f => !ignored.Contains(f.Id)))
        {
            foreach (var p in f.Patterns.Where(p => p.MayOccurIn(w.Index)))
            {
                var at = p.FindIn(w.Norm).Where(i => !f.RoleContextOnly || AboutTheRole(view, i, asksAboutTheRole)).Select(i => (int?)i).FirstOrDefault();
                if (at is null)
                {
                    continue;
                }

                hits.Add(new RedFlagHit(f.Id, f.Label, p.Pattern, f.Why, f.Severity));
                if (f.IsHigh)
                {
                    high = Math.Max(high, Negated(view, at.Value) ? NegatedHighConfidence : HighConfidence);
                }

                break;
            }
        }

        if (!ignored.Any(id => id.StartsWith("role-confusion", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var c in _company.Role.NotTheRole.Where(c => c.Pattern.MayOccurIn(w.Index)))
            {
                if (c.Pattern.FindIn(w.Norm).Any(at => AboutTheRole(view, at, asksAboutTheRole)))
                {
                    hits.Add(new RedFlagHit("role-confusion", "Confusing the role", c.Pattern.Pattern, c.Why, "medium"));
                }
            }
        }

        var doubt = (string?)null;
        double stanceMax = 0, stanceStatedMax = 0;
        if (_stance is not null)
        {
            var heard = _stance.Read(view, ignored, hits.Select(h => h.Id).ToHashSet(StringComparer.Ordinal), s => AboutTheRole(view, view.Spans[s].First, asksAboutTheRole));
            foreach (var (hit, isHigh) in heard.Sure)
            {
                hits.Add(hit);
                high = Math.Max(high, isHigh ? HighConfidence : 0);
            }

            doubt = heard.Doubt;
            (stanceMax, stanceStatedMax) = (heard.Max, heard.StatedMax);
        }

        // One hit per flag; a generic role confusion adds nothing to a specific one already heard.
        var distinct = hits.GroupBy(h => h.Id).Select(g => g.First()).ToList();
        if (distinct.Any(h => h.Id != "role-confusion" && h.Id.StartsWith("role-confusion", StringComparison.Ordinal)))
        {
            distinct.RemoveAll(h => h.Id == "role-confusion");
        }

        // Several different red flags in one short stretch of talk are the misalignment a high one signals ("a great brand,
        // smart people, the culture is really good": two in three sentences).
        var addUp = _rubric.Critical.RedFlagsAddUp;
        if (addUp > 0 && distinct.Count >= addUp)
        {
            high = Math.Max(high, HighConfidence);
        }

        return new RedFlagFindings(distinct, high, distinct.Count == 0 ? doubt : null, stanceMax, stanceStatedMax);
    }

    /// <summary>One of the flag's cleared_by phrases is in the answer, not negated ("we never found the cause").</summary>
    private static bool Cleared(RedFlag flag, SentenceView view) =>
        flag.ClearedBy.Any(c => c.MayOccurIn(view.Text.Index) && c.FindIn(view.Text.Norm).Any(at => !Negated(view, at)));

    /// <summary>
    /// A negation among the three words before the phrase, in its own sentence: "configs merged without review. I'm not
    /// one for confrontation" negates nothing of the second sentence.
    /// </summary>
    private static bool Negated(SentenceView view, int at)
    {
        var sentence = view.SentenceOf(at);
        var from = Math.Max(sentence >= 0 ? view.Spans[sentence].First : 0, at - 3);
        for (var k = from; k < at; k++)
        {
            if (Negations.Contains(view.Text.Norm[k]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The sentence holding word <paramref name="at"/> is about this role: it names the company, the team or the role
    /// (rubric red_flag_role_context); or the question asks about the company or its team and the sentence describes
    /// something without "I", "my", "we" or "our" (in "What do you know about the Eyeline team?", "so the recommendation
    /// engine and the rows on the home page" is what she thinks the team does, not her own past work), or says what she
    /// wants to do and tells no past work ("the part I'd love most is picking each member's artwork"). The role's
    /// words count anywhere in the written sentence (<see cref="WrittenSentence"/>): "the recommendation engine tags every
    /// scene, and I'd like to push that further in this role" is about the role wherever the splitter cut it.
    /// </summary>
    private bool AboutTheRole(SentenceView view, int at, bool asksAboutTheRole)
    {
        var sentence = view.SentenceOf(at);
        var words = view.Words(sentence);
        var written = WrittenSentence(view, sentence);
        return NamesTheRole(written) || _rubric.RoleContext.Any(r => r.OccursIn(written))
            || (asksAboutTheRole && (!words.Any(w => English.IWords.Contains(w) || English.WeWords.Contains(w)) || WantsInTheRole(words)));
    }

    /// <summary>
    /// In a punctuated transcript, the words from the end of the previous full stop, question or exclamation mark to the
    /// next: the sentence as written, which the splitter may have cut at a colon or a new thought. Without punctuation
    /// (a recogniser's transcript), the splitter's sentence itself.
    /// </summary>
    private static IReadOnlyList<string> WrittenSentence(SentenceView view, int sentence)
    {
        var w = view.Text;
        var span = view.Spans[sentence];
        if (!w.HasPunctuation)
        {
            return w.Slice(span);
        }

        var first = span.First;
        while (first > 0 && !WordText.EndsSentence(w.Raw[first - 1]))
        {
            first--;
        }

        var last = span.Last;
        while (last < w.Count - 1 && !WordText.EndsSentence(w.Raw[last]))
        {
            last++;
        }

        return w.Slice(first, last);
    }

    /// <summary>
    /// What she wants to do, not what she did: "the part I'd love most is picking the artwork each member sees", said to
    /// "Why this role?", is about the role; "I built ranking rows at Salesforce" is her past work.
    /// </summary>
    private static bool WantsInTheRole(IReadOnlyList<string> words) =>
        words.Any(RedFlagFeatures.Wanting.Contains) && !RedFlagFeatures.TellsPastWork(words);

    private bool NamesTheRole(IReadOnlyList<string> words) =>
        _company.NamePhrases.Any(n => n.OccursIn(words)) || _company.Role.TeamNames.Any(n => n.OccursIn(words));
}

/// <summary>What <see cref="RedFlagFinder"/> heard: the hits, how sure a high-severity one is, and a possible red flag heard only by meaning.</summary>
/// <param name="Hits">The red flags heard, one per flag.</param>
/// <param name="HighConfidence">How sure a high-severity one is (0: none).</param>
/// <param name="Doubt">A possible red flag heard only by meaning, quoted, when nothing was heard surely.</param>
/// <param name="StanceMax">The stance classifier's highest probability on any sentence (evidence for the calibrated grade).</param>
/// <param name="StanceStatedMax">The same among the sentences that state the flag's stance.</param>
internal sealed record RedFlagFindings(List<RedFlagHit> Hits, double HighConfidence, string? Doubt, double StanceMax, double StanceStatedMax);
