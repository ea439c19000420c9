using VoiceCoach.Core.Text;

namespace VoiceCoach.Speech.Evaluation;

/// <summary>
/// What the grader looks for in a transcript, so an evaluation can say whether the recogniser
/// delivered it: the company's key phrases, values and role terms, and the fillers counted the way
/// the grader counts them.
/// </summary>
/// <param name="KeyPhrases">Phrases whose every spoken occurrence should be heard (company name, key phrases and their variants, principle and value names, role terms).</param>
/// <param name="CountFillers">Fillers in a text, by filler ("um" → 2, "you know" → 1), as the grader counts them.</param>
public sealed record EvaluationTerms(IReadOnlyList<Phrase> KeyPhrases, Func<string, IReadOnlyDictionary<string, int>> CountFillers);

/// <summary>How many of the reference's key phrases and fillers one hypothesis kept.</summary>
/// <param name="KeyPhrasesSpoken">Key-phrase occurrences in the reference.</param>
/// <param name="KeyPhrasesHeard">Of those, how many the hypothesis has (per phrase, at most as many as were spoken).</param>
/// <param name="FillersSpoken">Fillers in the reference.</param>
/// <param name="FillersHeard">Fillers in the hypothesis.</param>
/// <param name="FillersMatched">Per filler, the smaller of spoken and heard, summed: fillers both said and counted.</param>
/// <param name="Missed">Key phrases spoken but not heard (for the report).</param>
/// <param name="NotSaid">
/// Key phrases heard more often than they were spoken, once per extra occurrence: false alarms, which credit the
/// candidate with a value or term she never used (the grader reads them as said).
/// </param>
public sealed record TermRecall(int KeyPhrasesSpoken, int KeyPhrasesHeard, int FillersSpoken, int FillersHeard, int FillersMatched, IReadOnlyList<string> Missed, IReadOnlyList<string> NotSaid)
{
    /// <summary>Nothing spoken, nothing heard.</summary>
    public static readonly TermRecall None = new(0, 0, 0, 0, 0, [], []);

    /// <summary>Compares a reference with what was heard.</summary>
    public static TermRecall Measure(EvaluationTerms terms, string reference, string hypothesis)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var said = WordText.Words(reference);
        var heard = WordText.Words(hypothesis);
        int spoken = 0, kept = 0;
        var missed = new List<string>();
        var notSaid = new List<string>();
        foreach (var phrase in terms.KeyPhrases)
        {
            var inReference = phrase.CountIn(said);
            var inHypothesis = phrase.CountIn(heard);
            notSaid.AddRange(Enumerable.Repeat(phrase.Pattern, Math.Max(0, inHypothesis - inReference)));
            if (inReference == 0)
            {
                continue;
            }

            var hit = Math.Min(inReference, inHypothesis);
            spoken += inReference;
            kept += hit;
            if (hit < inReference)
            {
                missed.Add(phrase.Pattern);
            }
        }

        var fillersSaid = terms.CountFillers(reference);
        var fillersHeard = terms.CountFillers(hypothesis);
        var matched = fillersSaid.Sum(kv => Math.Min(kv.Value, fillersHeard.GetValueOrDefault(kv.Key)));
        return new TermRecall(spoken, kept, fillersSaid.Values.Sum(), fillersHeard.Values.Sum(), matched, missed, notSaid);
    }

    /// <summary>Heard minus spoken fillers: what the filler count in a report is off by.</summary>
    public int FillerCountError => FillersHeard - FillersSpoken;

    /// <summary>Adds two measurements (for totals).</summary>
    public static TermRecall operator +(TermRecall a, TermRecall b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(
            a.KeyPhrasesSpoken + b.KeyPhrasesSpoken,
            a.KeyPhrasesHeard + b.KeyPhrasesHeard,
            a.FillersSpoken + b.FillersSpoken,
            a.FillersHeard + b.FillersHeard,
            a.FillersMatched + b.FillersMatched,
            [.. a.Missed, .. b.Missed],
            [.. a.NotSaid, .. b.NotSaid]);
    }
}
