using System.Globalization;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading;

/// <summary>
/// What the feedback says about a criterion that fell short: the "needs work" line of a weak one, the "sharpen" line of
/// one that is partly met, and the gap between a good answer and the top grade. Immutable; thread-safe.
/// </summary>
public sealed class CriterionNotes
{
    /// <summary>A weighted criterion scoring under this is named in "needs work" even when no flag fired.</summary>
    public const double WeakCriterion = 60;

    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly RubricText _text;

    public CriterionNotes(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
        _text = new RubricText(rubric, company);
    }

    private string RoleTeam => _text.RoleTeam;

    /// <summary>
    /// Names what stands between the answer and the top grade when nothing in "needs work" does: a B+ or an A- (often the
    /// calibration's step below the rubric's A) must say why, not "nothing major". The gap is the applicable criterion
    /// that costs the most score (its weight times what it lacks); an answer scoring full marks everywhere keeps its
    /// feedback.
    /// </summary>
    /// <param name="graded">The graded answer (its final grade, criteria, flags and feedback).</param>
    public AnswerFeedback NameTheGap(GradedAnswer graded)
    {
        ArgumentNullException.ThrowIfNull(graded);
        var feedback = graded.Feedback;
        if (feedback.NeedsWork.Count > 0 || graded.Findings.NoAnswer || _rubric.Rank(graded.Grade) == 0)
        {
            return feedback;
        }

        var q = graded.Answer.Question;
        var weights = _rubric.WeightsFor(q.Kind);
        var gap = Applicable(q, graded.Findings, graded.Flags, graded.Criteria)
            .Where(c => c.Value < 100)
            .OrderByDescending(c => weights[c.Key] * (100 - c.Value))
            .Select(c => c.Key)
            .FirstOrDefault();
        var top = _rubric.Grades[0].Letter;
        if (gap is null)
        {
            // Nothing the rubric measures falls short: the calibration placed it below the rubric's letter because coaches
            // graded answers like it lower. Say so, and what usually lifts such an answer.
            return graded.UncalibratedGrade is { } rubricLetter && _rubric.Rank(rubricLetter) < _rubric.Rank(graded.Grade)
                ? feedback with { NeedsWork = [$"What keeps this from an {top}: nothing the rubric flags, but coaches graded answers like it {graded.Grade}; make one part sharper: {Sharpen(q.Kind)}"] }
                : feedback;
        }

        var score = graded.Criteria[gap];
        var line = score < WeakCriterion ? Weak(gap, q, graded.Findings) : Sharper(gap, q, graded.Findings);
        return feedback with { NeedsWork = [$"What keeps this from an {top}: {char.ToLowerInvariant(line[0])}{line[1..]}"] };
    }

    /// <summary>What a criterion that is partly met (not weak) would gain: "sharpen", not "missing".</summary>
    private string Sharper(string criterion, Question q, AnswerFindings f) => criterion switch
    {
        "length" => Weak(criterion, q, f),
        "values" => $"Show the {_company.Name} value through what you did, not only in the summary",
        "example" => "Make the example more concrete: the one time, what you did, what changed",
        "results" => "Put a number on the result (%, hours, $, users)",
        "enthusiasm" => "Let more excitement about the creative/studio impact come through",
        "relevance" => "Stay closer to the question's own words from the first sentence",
        "role" => $"Make the tie to {RoleTeam} concrete: one sentence on what it would mean for their work",
        "ownership" => "Say more plainly what *you* did: \"I\" for your own actions",
        "delivery" => "Smooth the delivery: a steady pace, with pauses in place of fillers",
        _ => "Tighten the shape: the point first, one example, then what it means for the role",
    };

    /// <summary>What usually lifts a good answer of this kind to the top grade.</summary>
    private string Sharpen(string kind) => kind switch
    {
        QuestionKinds.Motivation => $"one specific thing you would build for {RoleTeam}, and how it differs from your past work",
        QuestionKinds.Concept => "a worked example with numbers, and the trade-off it shows",
        QuestionKinds.Design => "the main trade-off you chose, and how you would measure success",
        QuestionKinds.Logistics => $"a specific plan, tied to a {_company.Name} value",
        _ => $"a number in the result, a {_company.Name} value shown in what you did, or what it means for {RoleTeam}",
    };

    /// <summary>The "needs work" line of a weak criterion (scored under <see cref="WeakCriterion"/>).</summary>
    public string Weak(string criterion, Question q, AnswerFindings f) => criterion switch
    {
        "length" when f.LengthVerdict is LengthVerdict.Long or LengthVerdict.TooLong =>
            Inv($"Length: {Duration(f.LengthSeconds)} against a {Target(f.TargetSeconds)} target; cut the set-up, keep the result"),
        "length" when q.Kind is QuestionKinds.Concept or QuestionKinds.Design =>
            Inv($"Thin: {Duration(f.LengthSeconds)} for a {Target(f.TargetSeconds)} explanation names the idea without its trade-off or a concrete illustration"),
        "length" => Inv($"A bit short ({Duration(f.LengthSeconds)}, target {Target(f.TargetSeconds)}): add the result and what it means for {RoleTeam}"),
        "values" => $"Doesn't show a {_company.Name} value in action: tie one value to something you did",
        "example" => "No concrete example from your own work backs it up",
        "results" => "No measurable result: add a number (%, hours, $, users)",
        "enthusiasm" => "Missing excitement about the creative/studio impact",
        "relevance" => "Drifts from the question: restate its key words, then answer exactly that",
        "role" => $"Missing connection to {RoleTeam}",
        "ownership" => "Say what *you* did: \"I\" for your own actions",
        "delivery" => "Delivery got in the way: steady the pace and replace fillers with a pause",
        _ => "Give the answer a clear shape: the point first, one example, then what it means for the role",
    };

    /// <summary>The weighted criteria that no flag or other "needs work" line already speaks for.</summary>
    public IEnumerable<KeyValuePair<string, double>> Applicable(Question q, AnswerFindings f, IReadOnlyList<string> flags, IReadOnlyDictionary<string, double> criteria)
    {
        var weights = _rubric.WeightsFor(q.Kind);
        var story = q.Kind == QuestionKinds.Story;
        return criteria
            .Where(c => weights[c.Key] > 0)
            .Where(c => c.Key switch
            {
                "length" => !flags.Contains("too_short") && !flags.Contains("too_long"),
                "values" => !flags.Contains("no_values") && !(f.Values.Count > 0 && f.Values.All(v => !v.Tied)),
                "example" => !flags.Contains("no_example"),
                "results" => !flags.Contains("no_numbers") && !flags.Contains("no_example") && !(story && f.HasExample && !f.Star[StarPart.Result].Present),
                "enthusiasm" => !flags.Contains("no_enthusiasm"),
                "relevance" => !flags.Contains("off_topic"),
                "role" => !(f.RoleTerms.Count == 0 && q.Kind is QuestionKinds.Motivation or QuestionKinds.Story),
                "ownership" => !flags.Contains("we_heavy"),
                "delivery" => !flags.Any(x => x is "fillers" or "fast" or "slow"),
                "structure" => !story,
                _ => false,
            });
    }

    private static string Duration(double seconds) => TimeFormat.Duration(seconds);

    private static string Target((double Min, double Max) t) => TimeFormat.Range(t);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
