using VoiceCoach.Core.Grading;

namespace VoiceCoach.Grading.Assessment;

/// <summary>
/// The strengths a session demonstrated, computed from the per-answer findings. Each strength is a test on one answer
/// (does it show it?) and a test for the opposite (does it contradict it?); a strength is listed when at least rubric
/// summary.strength_min_share of the answered questions (and strength_min_answers) show it, no answer contradicts it,
/// and its opposite development area is not listed: "Concise answers" never appears beside an answer over time, nor
/// "few fillers" beside an answer with fillers or a rushed pace. Wording from rubric.yaml strengths:, with counts.
/// Pure; thread-safe.
/// </summary>
public static class SessionStrengths
{
    private static readonly IReadOnlyList<Rule> Rules =
    [
        new("values", a => a.Findings.Values.Any(v => v.Tied), _ => false, null),
        new("examples", a => a.Findings.HasExample, _ => false, null),
        new("role", a => a.Findings.RoleTerms.Count > 0, a => a.Findings.RedFlags.Any(r => r.Id.StartsWith("role-confusion", StringComparison.Ordinal)), null),
        new("results", a => a.Findings.HasExample && a.Findings.Numbers.Count > 0, a => a.Flags.Contains("no_numbers"), "results"),
        new("enthusiasm", a => SessionAssessor.EnthusiasmScore(a.Findings) >= 1, a => a.Flags.Contains("no_enthusiasm"), "enthusiasm"),
        new("length", a => a.Findings.LengthVerdict == LengthVerdict.OnTarget, a => a.Findings.LengthVerdict.IsOver(), "brevity"),
        new("ownership", a => a.Findings.HasExample && a.Findings.IWords > a.Findings.WeWords, a => a.Flags.Contains("we_heavy"), "ownership"),
        new("delivery", a => !a.Findings.TimingEstimated && !UnsteadyDelivery(a), UnsteadyDelivery, "delivery"),
    ];

    /// <summary>The strengths to list, most answers first, in the rubric's wording.</summary>
    /// <param name="rubric">Thresholds and wording.</param>
    /// <param name="text">Fills the wording's company and target placeholders.</param>
    /// <param name="answered">The answers that had speech.</param>
    /// <param name="listedAreas">The development areas the summary lists.</param>
    /// <param name="target">The session's usual target length.</param>
    public static IReadOnlyList<string> Find(RubricSettings rubric, RubricText text, IReadOnlyList<GradedAnswer> answered, IReadOnlyCollection<string> listedAreas, (double Min, double Max) target)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(answered);
        ArgumentNullException.ThrowIfNull(listedAreas);
        var s = rubric.Summary;
        var needed = Math.Max(s.StrengthMinAnswers, (int)Math.Ceiling(s.StrengthMinShare * answered.Count));
        var wording = rubric.Strengths.Select(kv => kv.Key).ToList();
        return Rules
            .Where(r => wording.Contains(r.Id))
            .Select(r => (Rule: r, Showing: answered.Where(r.Shows).ToList()))
            .Where(x => x.Showing.Count >= needed
                && !answered.Any(x.Rule.Contradicts)
                && (x.Rule.OppositeArea is null || !listedAreas.Contains(x.Rule.OppositeArea)))
            .OrderByDescending(x => x.Showing.Count)
            .ThenBy(x => wording.IndexOf(x.Rule.Id))
            .Take(s.MaxStrengths)
            .Select(x => Word(rubric, text, x.Rule.Id, x.Showing, answered.Count, target))
            .ToList();
    }

    private static string Word(RubricSettings rubric, RubricText text, string id, List<GradedAnswer> showing, int total, (double Min, double Max) target)
    {
        var values = showing.SelectMany(a => a.Findings.Values.Where(v => v.Tied))
            .GroupBy(v => v.Name)
            .OrderByDescending(g => g.Count())
            .Take(3)
            .Select(g => g.Key);
        var roleTerms = showing.SelectMany(a => a.Findings.RoleTerms).Distinct().Take(3);
        var wording = RubricText.Counts(rubric.Strengths.First(kv => kv.Key == id).Value, showing.Count, total)
            .Replace("{values}", string.Join(", ", values), StringComparison.Ordinal)
            .Replace("{role_terms}", string.Join(", ", roleTerms), StringComparison.Ordinal);
        return text.Fill(wording, target);
    }

    /// <summary>Fillers over the limit, or a pace outside the band: the opposite of steady delivery.</summary>
    private static bool UnsteadyDelivery(GradedAnswer a) => a.Flags.Any(x => x is "fillers" or "fast" or "slow");

    private sealed record Rule(string Id, Func<GradedAnswer, bool> Shows, Func<GradedAnswer, bool> Contradicts, string? OppositeArea);
}
