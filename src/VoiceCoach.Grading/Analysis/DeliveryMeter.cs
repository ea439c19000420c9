using VoiceCoach.Core.Grading;

namespace VoiceCoach.Grading.Analysis;

/// <summary>Delivery by exact rules: fillers (and "like" as a filler), hedges, words said twice in a row, pauses.</summary>
internal sealed class DeliveryMeter
{
    private readonly RubricSettings _rubric;

    public DeliveryMeter(RubricSettings rubric) => _rubric = rubric;

    public Result Measure(AnswerText w, VoiceActivity? voice, bool timingEstimated)
    {
        var (fillers, fillerTimes) = Fillers(w);
        var hedges = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in _rubric.Hedges.Where(p => p.MayOccurIn(w.Index)))
        {
            var n = p.CountIn(w.Norm);
            if (n > 0)
            {
                hedges[p.Pattern] = n;
            }
        }

        var repeats = new List<string>();
        for (var i = 1; i < w.Count; i++)
        {
            if (w.Norm[i] == w.Norm[i - 1] && !_rubric.RepeatExempt.Contains(w.Norm[i]) && w.Norm[i].Length > 0)
            {
                repeats.Add(w.Norm[i]);
            }
        }

        int pauses = 0, longPauses = 0;
        double longest = 0, total = 0;
        if (voice is not null)
        {
            (pauses, longPauses, longest, total) = (voice.Pauses, voice.LongPauses, voice.LongestPauseSeconds, voice.PauseSeconds);
        }
        else if (!timingEstimated)
        {
            for (var i = 1; i < w.Count; i++)
            {
                var gap = w.Start[i] - w.End[i - 1];
                if (gap >= _rubric.PauseSeconds)
                {
                    pauses++;
                    total += gap;
                    longest = Math.Max(longest, gap);
                    longPauses += gap >= _rubric.LongPauseSeconds ? 1 : 0;
                }
            }
        }

        var enthusiasm = _rubric.Enthusiasm.Where(p => p.MayOccurIn(w.Index)).SelectMany(p => p.FindIn(w.Norm).Select(i => w.Norm[i])).ToList();
        return new Result(fillers, fillerTimes, hedges, repeats, pauses, longPauses, longest, total, enthusiasm);
    }

    private (Dictionary<string, int>, List<double>) Fillers(AnswerText w)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var times = new List<double>();
        var taken = new bool[w.Count];
        foreach (var p in _rubric.FillerPhrases.Concat(_rubric.FillerWords).Where(p => p.MayOccurIn(w.Index)))
        {
            foreach (var i in p.FindIn(w.Norm))
            {
                if (Enumerable.Range(i, p.Length).Any(k => taken[k]))
                {
                    continue;
                }

                for (var k = i; k < i + p.Length; k++)
                {
                    taken[k] = true;
                }

                counts[p.Pattern] = counts.GetValueOrDefault(p.Pattern) + 1;
                times.Add(w.Start[i]);
            }
        }

        for (var i = 0; i < w.Count; i++)
        {
            if (w.Norm[i] == "like" && !taken[i] && (i == 0 || !_rubric.LikeIsVerbAfter.Contains(w.Norm[i - 1]))
                && !(i + 1 < w.Count && w.Norm[i + 1] is "this" or "that" or "a" or "an" or "the" or "to"))
            {
                counts["like"] = counts.GetValueOrDefault("like") + 1;
                times.Add(w.Start[i]);
            }
        }

        times.Sort();
        return (counts, times);
    }

    public sealed record Result(
        Dictionary<string, int> Fillers,
        List<double> FillerTimes,
        Dictionary<string, int> Hedges,
        List<string> Repeats,
        int Pauses,
        int LongPauses,
        double LongestPause,
        double TotalPause,
        List<string> Enthusiasm);
}
