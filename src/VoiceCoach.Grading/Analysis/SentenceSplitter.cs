using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Text;
using Span = VoiceCoach.Grading.Analysis.AnswerText.Span;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Sentences by punctuation when the transcript has any. A recogniser's transcript has none, so there sentences end
/// at pauses (rubric pauses.sentence_gap_seconds) and where a new thought starts (star_segmentation.new_thought:
/// "so i…", "as a result…", or "I/we" + a past-tense verb); any still longer than max_sentence_words is split at its
/// largest internal gap where a clause can start (or at its largest gap when there is no such place).
/// </summary>
internal sealed class SentenceSplitter
{
    private readonly RubricSettings _rubric;

    public SentenceSplitter(RubricSettings rubric) => _rubric = rubric;

    public List<Span> Split(AnswerText w)
    {
        var list = new List<Span>();
        if (w.Count == 0)
        {
            return list;
        }

        var newThought = _rubric.StarSegmentation.NewThought.Where(p => p.MayOccurIn(w.Index)).ToArray();
        var start = 0;
        for (var i = 0; i < w.Count; i++)
        {
            var boundary = i == w.Count - 1
                || (w.HasPunctuation ? WordText.EndsClause(w.Raw[i]) : w.Start[i + 1] - w.End[i] >= _rubric.SentenceGapSeconds);
            if (!boundary && i - start >= 5 && StartsNewThought(w, i + 1, newThought))
            {
                boundary = true;
            }

            if (boundary)
            {
                list.Add(new Span(start, i));
                start = i + 1;
            }
        }

        if (w.HasPunctuation)
        {
            return list;
        }

        var result = new List<Span>();
        foreach (var s in list)
        {
            SplitLong(w, s, result);
        }

        return result;
    }

    private void SplitLong(AnswerText w, Span s, List<Span> into)
    {
        if (s.Last - s.First + 1 <= _rubric.MaxSentenceWords)
        {
            into.Add(s);
            return;
        }

        // Split at the largest gap away from the edges (at least 3 words each side), preferring one where a clause can
        // start: a recogniser's small gaps fall as often inside a phrase ("stream stories | any more it builds") as
        // between clauses, and the pieces are quoted back to the candidate in the improved-answer template.
        var best = s.First + ((s.Last - s.First) / 2);
        var bestGap = double.NegativeInfinity;
        var bestStartsClause = false;
        for (var i = s.First + 3; i <= s.Last - 3; i++)
        {
            var gap = w.Start[i] - w.End[i - 1];
            var startsClause = StartsClause(w, i);
            if ((startsClause && !bestStartsClause) || (startsClause == bestStartsClause && gap > bestGap))
            {
                bestGap = gap;
                best = i;
                bestStartsClause = startsClause;
            }
        }

        SplitLong(w, new Span(s.First, best - 1), into);
        SplitLong(w, new Span(best, s.Last), into);
    }

    /// <summary>
    /// A clause can start at word i: it is a subject or a conjunction (<see cref="English.OpensClause"/>) and the word
    /// before it can end one ("…where | i want to be" is not a start: "where" cannot end a sentence, rubric
    /// cut_off.strong_endings).
    /// </summary>
    private bool StartsClause(AnswerText w, int i) =>
        English.OpensClause(w.Norm[i]) && !_rubric.CutOff.StrongEndings.Contains(w.Norm[i - 1]);

    /// <summary>A new-thought phrase, or "I/we" + a past-tense verb (a new action in a story), starts at word i.</summary>
    private static bool StartsNewThought(AnswerText w, int i, Phrase[] newThought)
    {
        if (newThought.Any(p => p.MatchesAt(w.Norm, i)))
        {
            return true;
        }

        return w.Norm[i] is "i" or "we" && i + 1 < w.Count && English.IsPast(w.Norm[i + 1]) && w.Norm[i + 1] is not ("was" or "were" or "had");
    }
}
