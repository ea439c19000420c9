using System.Globalization;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Core.Grading;

/// <summary>
/// The meaning of prompts/rubric.yaml, after <see cref="RubricLoader"/> has checked its shape: every number within
/// a range that cannot silently move grades, grade bands and fluency levels in order, no phrase that matches every
/// answer, a weights row for every question kind the banks use. One row of <see cref="Rules"/> per field: a new
/// rubric field is checked by adding its row.
/// </summary>
public static class RubricValidator
{
    private static readonly FieldRule[] Rules =
    [
        FieldRule.Range("length.targets.*", 1, 900, "seconds"),
        FieldRule.Number("length.grace_seconds", 0, 30, "seconds past a bound still on target; a negative grace marks on-target answers down"),
        FieldRule.Number("length.too_short_ratio", 0, 1, "a share of the minimum length"),
        FieldRule.Number("length.explanation_thin_share", 0, 1, "a share of the minimum length"),
        FieldRule.Number("length.far_too_short_ratio", 0, 1, "a share of the minimum length"),
        FieldRule.Number("length.far_too_short_max_seconds", 0, 300, "seconds"),
        FieldRule.Number("length.fragment_ratio", 0, 1, "a share of the minimum length"),
        FieldRule.Number("length.fragment_max_seconds", 0, 300, "seconds"),
        FieldRule.Number("length.too_long_ratio", 1, 5, "a multiple of the maximum length"),
        FieldRule.Integer("claims.window_words", 0, 40, "words between a claim's subject and its wrong words"),
        FieldRule.Integer("claims.negation_words", 0, 10, "words either side of a claim without a subject"),
        FieldRule.Phrases("claims.breaks"),
        FieldRule.Phrases("claims.negations"),
        FieldRule.Integer("claims.rejection_words", 0, 20, "words either side of a claim in which a rejection counts"),
        FieldRule.Phrases("claims.rejections"),
        FieldRule.Number("substance.min_share_of_minimum", 0, 1, "a share of the minimum length"),
        FieldRule.Number("substance.min_similarity", 0, 1, "a cosine similarity"),
        FieldRule.Phrases("substance.markers"),
        FieldRule.Phrases("substance.tools"),
        FieldRule.Integer("substance.tool_list_min_tools", 0, 100, "different tools named"),
        FieldRule.Number("substance.tool_list_per_100_words", 0, 100, "tools per 100 words"),
        FieldRule.Integer("substance.impersonal_max_first_person", -1, 20, "first-person words in a generic answer (-1: never)"),
        FieldRule.Number("star_budget.situation", 1, 300, "seconds"),
        FieldRule.Number("star_budget.task", 1, 300, "seconds"),
        FieldRule.Number("star_budget.action", 1, 300, "seconds"),
        FieldRule.Number("star_budget.result", 1, 300, "seconds"),
        FieldRule.Number("star_budget.over_budget_ratio", 1, 10, "a multiple of the budget"),
        FieldRule.Range("pace.ideal", 40, 300, "words per minute"),
        FieldRule.Number("pace.slow", 40, 300, "words per minute"),
        FieldRule.Number("pace.fast", 40, 300, "words per minute"),
        FieldRule.Number("pauses.sentence_gap_seconds", 0.05, 5, "seconds"),
        FieldRule.Integer("pauses.max_sentence_words", 5, 200, "words"),
        FieldRule.Number("pauses.pause_seconds", 0.1, 10, "seconds"),
        FieldRule.Number("pauses.long_pause_seconds", 0.1, 30, "seconds"),
        FieldRule.Number("fillers.max_per_minute", 0, 60, "fillers per minute"),
        FieldRule.Phrases("fillers.words"),
        FieldRule.Phrases("fillers.phrases"),
        FieldRule.Phrases("hedges"),
        FieldRule.Phrases("enthusiasm"),
        FieldRule.Phrases("example.specific_markers"),
        FieldRule.Phrases("example.opinion_markers"),
        FieldRule.Phrases("example.worked_markers"),
        FieldRule.Number("example.min_story_evidence", 0, 20, "pieces of evidence"),
        FieldRule.Number("relevance.min_overlap", 0, 1, "a share of the question's words"),
        FieldRule.Integer("relevance.min_words", 0, 1000, "words"),
        FieldRule.Number("ownership.we_share", 0, 1, "a share of I + we words"),
        FieldRule.Integer("ownership.min_we", 0, 100, "words"),
        FieldRule.Number("weights.*.*", 0, 100, "a criterion's share of the grade; a negative weight takes points away for doing that part well"),
        FieldRule.Number("grades.*.min", 0, 100, "scores are 0-100"),
        FieldRule.Number("grades.*.points", 0, 5, "grade points"),
        FieldRule.Custom("grades", InOrder("grades", "min", "the best grade first, each band's min below the one above it")),
        FieldRule.Custom("grades", InOrder("grades", "points", "the best grade first, each band's points below the one above it")),
        FieldRule.Number("session.fluency_levels.*.min_pct", 0, 100, "percent"),
        FieldRule.Custom("session.fluency_levels", InOrder("session.fluency_levels", "min_pct", "level 1 first, each level's min_pct above the one before it", ascending: true)),
        FieldRule.Integer("session.next_target.grade_steps", 0, 6, "grade steps"),
        FieldRule.Number("session.next_target.culture_points", 0, 100, "percentage points"),
        FieldRule.Number("session.next_target.culture_max", 0, 100, "percent"),
        FieldRule.Integer("calibration.max_steps", 0, 11, "how far the calibrated grade may move the rubric's: 0 keeps the rubric's grade"),
        FieldRule.Integer("calibration.folds", 2, 100, "folds of the k-fold cross-validation"),
        FieldRule.Integer("calibration.inner_folds", 2, 20, "folds of the inner cross-validation that picks the ridge penalty"),
        FieldRule.Integer("llm.max_grade_steps", 0, 3, "how far the LLM may move the rubric's grade: 0 keeps the rubric's grade, more than 3 lets the LLM overrule it"),
        FieldRule.Phrases("star_cues.*"),
        FieldRule.Number("results.from_share", 0, 1, "a share of the story's words"),
        FieldRule.Custom(string.Empty, PaceInOrder),
        FieldRule.Custom(string.Empty, PausesInOrder),
    ];

    /// <summary>Every meaning problem of a parsed rubric, in file order of the rules; empty when it makes sense.</summary>
    internal static IReadOnlyList<PromptProblem> Validate(YamlNode root)
    {
        var problems = new List<PromptProblem>();
        foreach (var rule in Rules)
        {
            rule.Apply(root, problems);
        }

        return problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
    }

    /// <summary>
    /// Question kinds the banks use that the rubric has no weights row or length target for: such answers would be
    /// graded silently with the story row and the default 30-60 s.
    /// </summary>
    internal static IReadOnlyList<PromptProblem> ValidateKinds(YamlNode root, IEnumerable<Question> questions)
    {
        var problems = new List<PromptProblem>();
        foreach (var use in questions.GroupBy(q => q.Kind, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var example = use.First();
            foreach (var (section, what) in new[] { ("weights", "weights row"), ("length.targets", "length target") })
            {
                var node = section.Split('.').Aggregate(root, (n, key) => n[key]);
                if (node.IsMapping && !node.Entries().Any(e => string.Equals(e.Key, use.Key, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add(node.Problem(string.Create(CultureInfo.InvariantCulture,
                        $"no {what} for question kind '{use.Key}', which {use.Count()} question(s) use (e.g. {example.Id} in the {example.Bank} bank); add a '{use.Key}:' row")));
                }
            }
        }

        return problems;
    }

    private static Action<YamlNode, List<PromptProblem>> InOrder(string path, string field, string rule, bool ascending = false) => (node, problems) =>
    {
        if (!node.IsSequence)
        {
            return;
        }

        var items = node.Items();
        for (var i = 1; i < items.Count; i++)
        {
            if (items[i - 1][field].TryDouble() is { } before && items[i][field].TryDouble() is { } now && (ascending ? now <= before : now >= before))
            {
                problems.Add(items[i][field].Problem(string.Create(CultureInfo.InvariantCulture,
                    $"{now} after {before} is out of order; {path} go {rule}")));
            }
        }
    };

    private static void PaceInOrder(YamlNode root, List<PromptProblem> problems)
    {
        var pace = root["pace"];
        var ideal = pace["ideal"].IsSequence ? pace["ideal"].Items() : [];
        if (ideal.Count != 2 || ideal[0].TryDouble() is not { } min || ideal[1].TryDouble() is not { } max)
        {
            return;
        }

        if (pace["slow"].TryDouble() is { } slow && slow > min)
        {
            problems.Add(pace["slow"].Problem(string.Create(CultureInfo.InvariantCulture, $"{slow} is above the ideal pace's minimum ({min}); slow must be at most {min}")));
        }

        if (pace["fast"].TryDouble() is { } fast && fast < max)
        {
            problems.Add(pace["fast"].Problem(string.Create(CultureInfo.InvariantCulture, $"{fast} is below the ideal pace's maximum ({max}); fast must be at least {max}")));
        }
    }

    private static void PausesInOrder(YamlNode root, List<PromptProblem> problems)
    {
        var pauses = root["pauses"];
        if (pauses["pause_seconds"].TryDouble() is { } pause && pauses["long_pause_seconds"].TryDouble() is { } longPause && longPause < pause)
        {
            problems.Add(pauses["long_pause_seconds"].Problem(string.Create(CultureInfo.InvariantCulture,
                $"{longPause} is shorter than pause_seconds ({pause}); a long pause must be at least a pause")));
        }
    }
}
