using System.Numerics.Tensors;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Which company values an answer shows, and which it only names. SHOWN: a concrete sentence of the story (likely
/// Situation, Task, Action or Result, or with a first-person past action, a number or a specific marker) means the
/// value (close to its description and closer to it than to any other value), or carries one of its evidence
/// phrases and is at least loosely about it. NAMED: the value's name, or a word the pack lists as naming it (named_as:
/// "candid", "curious"), is said. An evidence phrase in a sentence that
/// is about something else ("postmortem" in an incident story is not "Great and Always Better") shows nothing.
/// </summary>
internal sealed class ValueEvidenceFinder
{
    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly SemanticModel _semantic;

    public ValueEvidenceFinder(RubricSettings rubric, CompanyPack company, SemanticModel semantic)
    {
        _rubric = rubric;
        _company = company;
        _semantic = semantic;
    }

    /// <param name="view">The answer's sentences.</param>
    /// <param name="labels">Each sentence's STAR-Lite label: a value named in the result or connection of a story is tied to it.</param>
    /// <param name="storyContext">False when a story question got no example: nothing can be shown through a story that is not there.</param>
    /// <param name="cancellationToken">Cancels encoding the values' descriptions (once per process).</param>
    public List<ValueEvidence> Find(SentenceView view, StarPart[] labels, bool storyContext, CancellationToken cancellationToken)
    {
        var w = view.Text;
        var values = _company.Values;
        var refs = values.Select(v => _semantic.References(SemanticModel.ValueTexts(v).ToList(), cancellationToken)).ToList();

        // Per sentence, its similarity to each value (best of the value's texts).
        var similarity = new double[view.Count][];
        for (var i = 0; i < view.Count; i++)
        {
            similarity[i] = refs.Select(r => r.Max(x => (double)TensorPrimitives.Dot(view.Vectors[i], x))).ToArray();
        }

        var concrete = Enumerable.Range(0, view.Count).Select(i => IsConcrete(view, i)).ToArray();

        // The story's own ending ("…and that's judgment for me") ties a value to it as much as a concrete sentence does.
        var tiesBack = Enumerable.Range(0, view.Count).Select(i => concrete[i] || labels[i] is StarPart.Result or StarPart.Connection).ToArray();
        var s = _rubric.Semantic;
        var list = new List<ValueEvidence>();
        for (var v = 0; v < values.Count; v++)
        {
            var value = values[v];
            var phrases = new List<string>();
            var shown = false;
            foreach (var e in value.Evidence.Where(e => e.MayOccurIn(w.Index)))
            {
                foreach (var at in e.FindIn(w.Norm))
                {
                    phrases.Add(e.Pattern);
                    var i = view.SentenceOf(at);
                    shown |= storyContext && i >= 0 && tiesBack[i] && similarity[i][v] >= s.ValueEvidenceSimilarity;
                }
            }

            for (var i = 0; i < view.Count && storyContext && !shown; i++)
            {
                var others = similarity[i].Where((_, k) => k != v).DefaultIfEmpty(0).Max();
                shown = concrete[i] && similarity[i][v] >= s.ValueShownSimilarity && similarity[i][v] >= others + s.ValueShownMargin;
            }

            var named = value.IsNamedIn(w.Norm);
            if (named && storyContext && !shown)
            {
                shown = value.FindNameIn(w.Norm).Select(view.SentenceOf).Any(i => i >= 0 && tiesBack[i] && similarity[i][v] >= s.ValueEvidenceSimilarity);
            }

            if (named)
            {
                phrases.Add(value.Name.ToLowerInvariant());
            }

            if (phrases.Count > 0 || shown)
            {
                list.Add(new ValueEvidence(value.Id, value.Name, shown, phrases.Distinct().ToList()) { Named = named });
            }
        }

        return list;
    }

    private bool IsConcrete(SentenceView view, int i)
    {
        var words = view.Words(i);
        return view.StoryProbability(i) >= _rubric.Semantic.ExampleSentenceProbability
            || English.CountFirstPersonPast(words) > 0
            || NumberFinder.Find(words).Count > 0
            || _rubric.SpecificMarkers.Any(m => m.OccursIn(words));
    }
}
