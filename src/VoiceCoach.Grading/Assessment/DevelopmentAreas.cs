using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Grading.Assessment;

/// <summary>A development area that applies to a session: its id and the answers it touches (1-based indexes).</summary>
public sealed record AreaTally(string Id, IReadOnlyList<int> Answers)
{
    public int Count => Answers.Count;
}

/// <summary>
/// Which development areas a session has, computed from the per-answer findings and flags: each area is a test on one
/// answer, an area applies when it touches at least rubric summary.area_min_answers answers, and areas are ranked by
/// how many answers they touch (ties in rubric.yaml's order of areas). Company specificity and role enthusiasm are also
/// session measures: they apply only while culture integration / role enthusiasm is under the rubric's percentage.
/// The seed report's four areas (summary.always_listed) are listed whenever they apply; others fill up to max_areas.
/// Pure; thread-safe.
/// </summary>
public static class DevelopmentAreas
{
    /// <summary>Whether <paramref name="area"/> touches answer <paramref name="a"/>. A no-answer touches only no_answer.</summary>
    public static bool Touches(string area, GradedAnswer a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var f = a.Findings;
        if (f.NoAnswer)
        {
            return area == "no_answer";
        }

        var flags = a.Flags;
        return area switch
        {
            "examples" => flags.Contains("no_example") || (flags.Contains("too_short") && !f.HasExample),
            "completeness" => flags.Contains("incomplete"),
            "red_flags" => flags.Contains("red_flag"),
            "relevance" => flags.Contains("off_topic"),
            "brevity" => f.LengthVerdict.IsOver(),
            // Values are expected where the rubric weighs them beside the story: not in a design or concept answer.
            "specificity" => a.Question.Kind is not (QuestionKinds.Design or QuestionKinds.Concept) && SessionAssessor.CultureScore(f) < 1,
            // Excitement is called for where the rubric weighs it (motivation, logistics); everywhere else a role connection.
            "enthusiasm" => a.Question.Kind is QuestionKinds.Motivation or QuestionKinds.Logistics
                ? SessionAssessor.EnthusiasmScore(f) < 1
                : f.RoleTerms.Count == 0,
            "structure" => a.Question.Kind == QuestionKinds.Story && f.HasExample
                && (!f.Star[StarPart.Action].Present || !f.Star[StarPart.Result].Present || f.Star.Values.Any(p => p.OverBudget)),
            "results" => flags.Contains("no_numbers"),
            "ownership" => flags.Contains("we_heavy"),
            "delivery" => flags.Any(x => x is "fillers" or "fast" or "slow"),
            _ => false,
        };
    }

    /// <summary>Every area that touches at least one answer, with the answers it touches, in rubric order.</summary>
    public static IReadOnlyList<AreaTally> Tally(RubricSettings rubric, IReadOnlyList<GradedAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        return Order(rubric)
            .Select(id => new AreaTally(id, answers.Where(a => Touches(id, a)).Select(a => a.Answer.Index).ToList()))
            .Where(t => t.Count > 0)
            .ToList();
    }

    /// <summary>
    /// The areas to list: those that apply, the always-listed first to be kept, then the rest by rank up to max_areas;
    /// ranked by how many answers they touch.
    /// </summary>
    /// <param name="rubric">Thresholds and order.</param>
    /// <param name="tallies">From <see cref="Tally"/>.</param>
    /// <param name="culturePct">The session's culture integration.</param>
    /// <param name="enthusiasmPct">The session's role enthusiasm.</param>
    public static IReadOnlyList<AreaTally> Rank(RubricSettings rubric, IReadOnlyList<AreaTally> tallies, int culturePct, int enthusiasmPct)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        var s = rubric.Summary;
        var order = Order(rubric);
        var ranked = tallies
            .Where(t => t.Count >= s.AreaMinAnswers)
            .Where(t => t.Id switch
            {
                "specificity" => culturePct < s.SpecificityBelowPct,
                "enthusiasm" => enthusiasmPct < s.EnthusiasmBelowPct,
                _ => true,
            })
            .OrderByDescending(t => t.Count)
            .ThenBy(t => order.IndexOf(t.Id))
            .ToList();
        var always = ranked.Where(t => s.AlwaysListed.Contains(t.Id)).ToList();
        var room = Math.Max(0, s.MaxAreas - always.Count);
        var others = ranked.Where(t => !s.AlwaysListed.Contains(t.Id)).Take(room);
        var listed = always.Concat(others).ToHashSet();
        return ranked.Where(listed.Contains).ToList();
    }

    /// <summary>Area ids in the rubric's order, then any the summary knows that the rubric does not word.</summary>
    private static List<string> Order(RubricSettings rubric) =>
        rubric.AreaOrder.Concat(RubricSettings.AreaIds.Where(id => !rubric.AreaOrder.Contains(id))).ToList();
}
