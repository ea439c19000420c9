using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Labels an answer's sentences Situation, Task, Action, Result, Connection in story order (S ≤ T ≤ A ≤ R ≤ C):
/// each sentence's fit to each part is the trained classifier's log-probability (rubric star_segmentation.
/// classifier_weight) plus cue evidence (rubric star_cues and the weights beside them); dynamic programming picks
/// the best-fitting labelling, moving on costing advance_penalty per part.
/// </summary>
internal sealed class StarSegmenter
{
    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;

    public StarSegmenter(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
    }

    /// <summary>Labels and each sentence's cue evidence for its label (for presence).</summary>
    public (StarPart[] Labels, double[][] Cues) Label(SentenceView view)
    {
        var cues = Enumerable.Range(0, view.Count).Select(i => Cues(view, i)).ToList();
        var s = _rubric.StarSegmentation;
        var fit = new List<double[]>(view.Count);
        for (var i = 0; i < view.Count; i++)
        {
            var f = new double[5];
            for (var p = 0; p < 5; p++)
            {
                // The classifier's probabilities are renormalised over the five parts: "other" sentences stay in the current part.
                var parts = view.Parts[i];
                var story = parts[0] + parts[1] + parts[2] + parts[3] + parts[4];
                f[p] = cues[i][p] + (s.ClassifierWeight * Math.Log(Math.Max(1e-4, parts[p] / Math.Max(1e-9, story))));
            }

            fit.Add(f);
        }

        return (Sequence(fit, s.AdvancePenalty), cues.ToArray());
    }

    /// <summary>Cue evidence of one sentence for each STAR part.</summary>
    private double[] Cues(SentenceView view, int i)
    {
        var words = view.Words(i);
        var index = view.Text.Index;
        var s = _rubric.StarSegmentation;
        var cues = new double[5];
        for (var p = 0; p < 5; p++)
        {
            cues[p] = _rubric.StarCues.TryGetValue(((StarPart)p).ToString().ToLowerInvariant(), out var list)
                ? list.Where(x => x.MayOccurIn(index)).Sum(ph => ph.CountIn(words))
                : 0;
        }

        cues[(int)StarPart.Action] += (s.FirstPersonPastAction * English.CountFirstPersonPast(words))
            + (s.PastVerbAction * words.Count(x => English.IsPast(x) && x is not ("was" or "were" or "had")));
        cues[(int)StarPart.Result] += s.NumberResult * NumberFinder.Find(words).Count;
        cues[(int)StarPart.Connection] +=
            _company.NamePhrases.Sum(n => n.CountIn(words))
            + (s.ValueNameConnection * _company.Values.Count(v => v.NamePhrase.OccursIn(words)))
            + (s.ValueEvidenceConnection * _company.Values.SelectMany(v => v.Evidence).Count(e => e.MayOccurIn(index) && e.OccursIn(words)))
            + _company.KeyPhrases.Count(k => k.Forms.Any(f => f.OccursIn(words)))
            + (s.RoleTermConnection * _company.Role.Terms.Count(t => t.MayOccurIn(index) && t.OccursIn(words)));
        if (i == 0 && view.Count > 1)
        {
            cues[(int)StarPart.Situation] += s.OpeningSituation;
        }

        return cues;
    }

    /// <summary>The labelling S ≤ T ≤ A ≤ R ≤ C with the best total fit, advancing costing <paramref name="penalty"/> per part.</summary>
    internal static StarPart[] Sequence(IReadOnlyList<double[]> fit, double penalty)
    {
        var n = fit.Count;
        var labels = new StarPart[n];
        if (n == 0)
        {
            return labels;
        }

        var dp = new double[n, 5];
        var from = new int[n, 5];
        for (var l = 0; l < 5; l++)
        {
            dp[0, l] = fit[0][l] - (l * penalty);
        }

        for (var i = 1; i < n; i++)
        {
            for (var l = 0; l < 5; l++)
            {
                var best = double.NegativeInfinity;
                var arg = 0;
                for (var k = 0; k <= l; k++)
                {
                    var v = dp[i - 1, k] - ((l - k) * penalty);
                    if (v > best)
                    {
                        best = v;
                        arg = k;
                    }
                }

                dp[i, l] = best + fit[i][l];
                from[i, l] = arg;
            }
        }

        var end = 0;
        for (var l = 1; l < 5; l++)
        {
            if (dp[n - 1, l] > dp[n - 1, end])
            {
                end = l;
            }
        }

        for (var i = n - 1; i >= 0; i--)
        {
            labels[i] = (StarPart)end;
            end = from[i, end];
        }

        return labels;
    }
}
