using System.Globalization;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Does a story answer its own question or a sibling's? The sentence encoder reads topic, not the question's specific
/// ask: a well-told peer disagreement about tooling sits as close to "a PM pushed a model launch you thought not ready"
/// as a real answer does, and names the same values. The question's <c>asks_for</c> elements (bank data: what only it
/// asks for, with synonyms) tell: an answer touching none of them, or missing the one the question is about (bank
/// <c>required: true</c>), is off topic, at a needs-work confidence from that
/// alone, surer when a question of the same kind and company reads closer to the answer than its own and surer still
/// when the answer touches that question's elements (rubric relevance.asked_for).
/// </summary>
internal sealed class AskedForCheck
{
    private readonly RubricSettings _rubric;
    private readonly SemanticModel _semantic;

    public AskedForCheck(RubricSettings rubric, SemanticModel semantic)
    {
        _rubric = rubric;
        _semantic = semantic;
    }

    /// <summary>How sure the answer tells another question's story (0 when it touches an element, or the question names too few), and why.</summary>
    public (double Confidence, string Reason) Judge(SentenceView view, Question question, CancellationToken cancellationToken)
    {
        var s = _rubric.AskedFor;
        if (question.AsksFor.Count < s.MinElements || view.Count == 0 || view.Text.Count < _rubric.RelevanceMinWords)
        {
            return (0, string.Empty);
        }

        // On topic when it touches an element and every element the question is about (bank required: true).
        var touched = Touched(view, question).ToList();
        var missedRequired = question.AsksFor.Where(e => e.Required && !touched.Contains(e)).ToList();
        if (touched.Count > 0 && missedRequired.Count == 0)
        {
            return (0, string.Empty);
        }

        var confidence = s.MissedConfidence;
        var reason = touched.Count == 0
            ? $"touches none of what the question asks for ({string.Join(", ", question.AsksFor.Select(e => e.Name))})"
            : $"never touches {string.Join(", ", missedRequired.Select(e => e.Name))}, what the question is about";
        if (touched.Count > 0 && WavesAway(view, question, s.OpeningShare))
        {
            // What it does touch comes only in its opening ("honestly not a lot on the GPU side, but…", "stakeholders,
            // yes, lots"): the rest of the answer is about something else.
            confidence += s.WavedAwayBoost;
            reason += "; what the question asks for comes only in its opening, the rest is about something else";
        }

        var siblings = _semantic.SameKind(question);
        if (siblings.Count > 0)
        {
            var top = _rubric.Semantic.RelevanceSentences;
            var vectors = _semantic.References([question.Text, .. siblings.Select(q => q.Text)], cancellationToken);
            var own = RelevanceJudge.TopMean(view.Vectors, [vectors[0]], top);
            var (nearest, closeness) = siblings.Select((q, i) => (q, RelevanceJudge.TopMean(view.Vectors, [vectors[i + 1]], top))).MaxBy(x => x.Item2);
            if (closeness > own)
            {
                confidence += s.SiblingCloserBoost;
                reason += string.Create(CultureInfo.InvariantCulture, $"; closer to \"{nearest.Text}\" ({closeness:0.00} against {own:0.00})");
                var theirs = Touched(view, nearest).ToList();
                if (theirs.Count > 0)
                {
                    confidence += s.SiblingTouchedBoost;
                    reason += $", and it touches what that one asks for ({string.Join(", ", theirs.Select(e => e.Name))})";
                }
            }
        }

        return (Math.Min(1, confidence), reason);
    }

    /// <summary>Whether the question names at least <paramref name="minElements"/> elements and the answer touches every one.</summary>
    internal static bool TouchesAll(SentenceView view, Question question, int minElements) =>
        question.AsksFor.Count >= minElements && Touched(view, question).Count() == question.AsksFor.Count;

    /// <summary>Every occurrence of the question's elements lies in the leading <paramref name="share"/> of the answer's words.</summary>
    private static bool WavesAway(SentenceView view, Question question, double share)
    {
        var words = view.Text.Norm;
        var last = question.AsksFor.SelectMany(e => e.Phrases).SelectMany(p => p.FindIn(words)).DefaultIfEmpty(-1).Max();
        return share > 0 && last >= 0 && last < share * words.Count;
    }

    /// <summary>The question's elements the answer touches (any of its phrases occurs).</summary>
    private static IEnumerable<AskedElement> Touched(SentenceView view, Question question) =>
        question.AsksFor.Where(e => e.Phrases.Any(p => p.OccursIn(view.Text.Norm)));
}
