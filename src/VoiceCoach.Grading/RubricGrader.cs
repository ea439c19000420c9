using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading.Analysis;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading;

/// <summary>
/// The deterministic grader: no network, no clock. Measures the answer (<see cref="TranscriptAnalyzer"/>), raises the
/// flags a coach would name (<see cref="AnswerFlags"/>), scores each criterion 0–100, weights them by question kind,
/// applies the caps and floors (<see cref="GradeLimits"/>) and writes feedback. Every number comes from <see cref="RubricSettings"/>. A
/// critical miss (off topic, no example, cut off, high red flag) caps the grade only when the analysis is sure of it
/// (rubric critical.cap_confidence); a less sure one is a "needs work" point. Thread-safe.
/// </summary>
public sealed class RubricGrader : IAnswerGrader
{
    /// <summary>The flag of an answer with no speech (session.json "flags").</summary>
    public const string NoAnswerFlag = "no_answer";

    /// <summary>The gap (rubric penalties) of an explanation shorter than its target's minimum; not a flag.</summary>
    public const string ThinGap = "thin";

    /// <summary>
    /// The needs-work point (rubric penalties.misconception, outside max_penalty) of an answer that states one of its
    /// question's wrong claims, or a concept answer that leans to a known-wrong statement of its idea over every talking
    /// point by rubric semantic.misconception_lean: fluent, and wrong at the core. Not a flag and not a cap: the label rules keep such an answer clean and put it at C-.
    /// </summary>
    public const string MisconceptionGap = "misconception";

    /// <summary>
    /// The gap (rubric penalties_by_kind) of an explanation that lists tools instead of designing
    /// (<see cref="ShortAnswerSubstance.ListsTools"/>); not a flag: the label rules keep such an answer clean, at C.
    /// </summary>
    public const string ToolListGap = "tool_list";

    /// <summary>
    /// The gap (rubric penalties_by_kind) of a thin concept answer with nothing of the candidate's own
    /// (<see cref="ShortAnswerSubstance.Impersonal"/>); not a flag: the label rules keep such an answer clean.
    /// </summary>
    public const string ImpersonalGap = "impersonal";

    /// <summary>
    /// The gap (rubric penalties) of a thin answer with nothing specific in it (<see cref="ShortAnswerSubstance.Generic"/>):
    /// no example, number, tool or talking point of its own; not a flag: the label rules keep such an answer clean, at C+ or C.
    /// </summary>
    public const string GenericGap = "generic";

    private readonly RubricSettings _rubric;
    private readonly TranscriptAnalyzer _analyzer;
    private readonly AnswerFlags _flags;
    private readonly FeedbackComposer _feedback;
    private readonly CriterionNotes _notes;
    private readonly ShortAnswerSubstance _substance;
    private readonly GradeLimits _limits;

    /// <param name="rubric">rubric.yaml.</param>
    /// <param name="company">The company pack.</param>
    /// <param name="semantic">The sentence encoder, STAR classifier and question banks (one per process; not owned).</param>
    /// <param name="calibration">
    /// The calibrated grade trained on a coach's labels (prompts/grading/calibration.json), which places each grade among
    /// what the caps allow; null for the plain rubric.
    /// </param>
    public RubricGrader(RubricSettings rubric, CompanyPack company, SemanticModel semantic, GradeCalibration? calibration = null)
    {
        _rubric = rubric;
        _analyzer = new TranscriptAnalyzer(rubric, company, semantic);
        _flags = new AnswerFlags(rubric, company);
        _feedback = new FeedbackComposer(rubric, company);
        _notes = new CriterionNotes(rubric, company);
        _substance = new ShortAnswerSubstance(rubric);
        _limits = new GradeLimits(rubric);
        Calibration = calibration;
    }

    /// <summary>The calibration placing the grades, or null for the plain rubric.</summary>
    public GradeCalibration? Calibration { get; }

    public Task<GradedAnswer> GradeAsync(AnswerToGrade answer, CancellationToken cancellationToken) =>
        Task.FromResult(Grade(answer, cancellationToken));

    /// <summary>
    /// Grades synchronously (it is computation: the sentence encoder runs on this thread): the rubric's grade, placed by
    /// the calibration among what the caps allow when there is one.
    /// </summary>
    public GradedAnswer Grade(AnswerToGrade answer, CancellationToken cancellationToken = default) =>
        Grade(GradeByRubric(answer, cancellationToken));

    /// <summary>
    /// The final grade of a rubric grading already made (<see cref="GradeByRubric"/>): placed by the calibration among what
    /// the caps allow when there is one, with the gap to the next grade named. For a caller that needs both, such as
    /// `grading explain`, without analysing the answer twice.
    /// </summary>
    public GradedAnswer Grade(RubricGrading rubric)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        var graded = Calibration is null || rubric.Graded.Findings.NoAnswer || rubric.Range.Pinned ? rubric.Graded : Calibrate(rubric, Calibration);

        // Named on the final grade: an A- (often the calibration's step below the rubric's A) must say what it lacks.
        return graded with { Feedback = _notes.NameTheGap(graded) };
    }

    /// <summary>The plain rubric's grading with the grades its caps allow (what calibration learns from and works within).</summary>
    public RubricGrading GradeByRubric(AnswerToGrade answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var q = answer.Question;
        var f = _analyzer.Analyze(q, answer.Transcript, answer.Duration, answer.TimingEstimated, answer.Voice, cancellationToken);
        if (f.NoAnswer)
        {
            var none = NoAnswer(answer, f);
            var step = _rubric.Rank(none.Grade);
            return new RubricGrading(none, new GradeRange(step, step));
        }

        var flags = _flags.Raise(q, f);
        var criteria = Score(q, f, flags);
        var weights = _rubric.WeightsFor(q.Kind);
        var score = RubricSettings.Criteria.Sum(c => weights[c] * criteria[c]) / 100.0;
        // Each gap a coach would name costs points (rubric penalties); several small gaps make a B- of an A. An explanation
        // (concept, design) shorter than its target's minimum is thin: it names the idea without room for its trade-off or
        // an illustration (rubric penalties_by_kind "thin"), though no flag says so.
        var gaps = Thin(q, f, flags) ? flags.Append(ThinGap) : flags;
        score -= Math.Min(_rubric.MaxPenalty, gaps.Sum(flag => _rubric.PenaltyFor(q.Kind, flag)));
        if (WrongAtTheCore(_rubric, q, f))
        {
            score -= _rubric.PenaltyFor(q.Kind, MisconceptionGap);
        }

        // A list of tools is not a design (rubric substance.tool_list_*): not a small gap, so outside max_penalty like
        // a misconception; a tool list is usually short of its length too, and the two together are the thin answer.
        if (_substance.ListsTools(q, f))
        {
            score -= _rubric.PenaltyFor(q.Kind, ToolListGap);
        }

        // Thin and nothing of her own (no example, number or "I"): right but generic, the label rules' "answers the
        // question but vaguely" (B-/C+), a step or two under the thin answer that explains with her own instance.
        if (gaps.Contains(ThinGap) && _substance.Impersonal(q, f))
        {
            score -= _rubric.PenaltyFor(q.Kind, ImpersonalGap);
        }

        // Thin and nothing specific (no example, number, tool or talking point covered): fluent and true, and anyone could
        // say it. Its criteria credit it for being on topic and well said; the coach grades what is in it (C+/C).
        if (_substance.Generic(q, f, flags))
        {
            score -= _rubric.PenaltyFor(q.Kind, GenericGap);
        }

        score = Math.Round(Math.Clamp(score, 0, 100), 1);
        var limited = _limits.Apply(_rubric.BandFor(score).Letter, _flags.Caps(answer, f, flags).ToList(), f.Words > 0);
        var letter = limited.Letter;
        var feedback = _feedback.Compose(answer, f, flags, criteria);
        var graded = new GradedAnswer
        {
            Answer = answer,
            Findings = f,
            Criteria = criteria,
            Score = score,
            Grade = letter,
            RubricGrade = letter,
            CappedBy = limited.CappedBy,
            Flags = flags,
            Feedback = feedback,
        };
        return new RubricGrading(graded, limited.Range);
    }

    /// <summary>
    /// An explanation (concept, design) shorter than its target's minimum: "short", or on target only by the grace
    /// (rubric length.explanation_thin_share). On dev no concept answer under 30 s was graded above B- by the coach:
    /// 25 s names the idea, with no room for its mechanism, its trade-off or her own instance of it. In the grace, an
    /// answer already marked no_example is not thin as well: the missing illustration is the one gap, named once.
    /// </summary>
    private bool Thin(Question q, AnswerFindings f, IReadOnlyList<string> flags) =>
        q.Kind is QuestionKinds.Concept or QuestionKinds.Design
        && (f.LengthVerdict == LengthVerdict.Short
            || (f.LengthVerdict == LengthVerdict.OnTarget && f.LengthSeconds < f.TargetSeconds.Min * _rubric.ExplanationThinShare && !flags.Contains("no_example")));

    /// <summary>The calibration's grade in place of the rubric's; the findings, flags and feedback stay the rubric's.</summary>
    private GradedAnswer Calibrate(RubricGrading rubric, GradeCalibration calibration)
    {
        var graded = rubric.Graded;
        var step = calibration.Place(CalibrationFeatures.Vector(graded, _rubric), rubric.Range);
        var letter = _rubric.Grades[step].Letter;
        return graded with { Grade = letter, RubricGrade = letter, UncalibratedGrade = graded.Grade };
    }

    /// <summary>
    /// Silence is not an answer: no criterion is scored (a silent answer is neither "too long" nor "steady delivery"),
    /// the grade is rubric.yaml's no_answer grade and the only flag is no_answer.
    /// </summary>
    private GradedAnswer NoAnswer(AnswerToGrade answer, AnswerFindings f)
    {
        var letter = _rubric.NoAnswerGrade;
        return new GradedAnswer
        {
            Answer = answer,
            Findings = f,
            Criteria = RubricSettings.Criteria.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal),
            Score = 0,
            Grade = letter,
            RubricGrade = letter,
            Flags = [NoAnswerFlag],
            Feedback = _feedback.ComposeNoAnswer(answer, f),
        };
    }

    private Dictionary<string, double> Score(Question q, AnswerFindings f, IReadOnlyList<string> flags)
    {
        var s = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["structure"] = StructureScore(f),
            ["example"] = ExampleScore(q, f, flags),
            ["length"] = LengthScore(f),
            ["values"] = ValuesScore(f),
            ["role"] = RoleScore(f),
            ["results"] = f.NumbersInResult ? 100 : f.Numbers.Count > 0 ? 80 : f.Star[StarPart.Result].Present ? 55 : 20,
            ["delivery"] = DeliveryScore(f),
            ["ownership"] = OwnershipScore(f),
            ["enthusiasm"] = f.EnthusiasmMarkers.Count switch { 0 => 30, 1 => 75, _ => 100 },
            ["relevance"] = Math.Clamp(f.Relevance / 0.3 * 100, 20, 100),
        };
        return s.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1), StringComparer.Ordinal);
    }

    /// <summary>100 while "I" clearly leads, falling as "we" takes over (50 at the we_heavy line, 20 for all "we").</summary>
    private double OwnershipScore(AnswerFindings f)
    {
        var total = f.IWords + f.WeWords;
        if (total == 0)
        {
            return 60;
        }

        var we = f.WeWords / (double)total;
        var line = _rubric.WeShare;
        var start = line - 0.2;
        return we <= start ? 100 : we <= line ? 100 - (50 * (we - start) / (line - start)) : Math.Max(20, 50 - (30 * (we - line) / (1 - line)));
    }

    private static double StructureScore(AnswerFindings f)
    {
        // The task is often implied by the situation in a good spoken story, so it weighs least; a number said
        // in a result or connection sentence is a result even when the sentence was labelled otherwise.
        double score = 0;
        score += f.Star[StarPart.Situation].Present ? 20 : 0;
        score += f.Star[StarPart.Task].Present ? 10 : 0;
        score += f.Star[StarPart.Action].Present ? 35 : 0;
        score += f.Star[StarPart.Result].Present || (f.HasExample && f.NumbersInResult) ? 35 : 0;
        score -= Math.Min(20, 10 * f.Star.Values.Count(p => p.OverBudget));
        if (!f.HasExample)
        {
            score = Math.Min(score, 30);
        }

        return Math.Max(0, score);
    }

    /// <summary>
    /// A story's example by its evidence; for other kinds full marks unless the question asked for an example and none
    /// came (a needs-work point, not a cap), or the analysis half-suspects one is missing.
    /// </summary>
    private double ExampleScore(Question q, AnswerFindings f, IReadOnlyList<string> flags)
    {
        if (q.Kind == QuestionKinds.Story)
        {
            var ratio = f.HasExample ? 1 : Math.Min(1, f.StoryEvidence / (_rubric.MinStoryEvidence * 1.5));
            return Math.Max(0, (100 * ratio) - (8 * Math.Max(0, f.OpinionMarkers - 1)));
        }

        if (flags.Contains("no_example"))
        {
            return _rubric.MissingExampleScore(q.Kind);
        }

        return f.CriticalMisses.Any(c => c.Flag == "no_example" && c.Confidence >= _rubric.Critical.NeedsWorkConfidence) ? 60 : 100;
    }

    private double LengthScore(AnswerFindings f)
    {
        var (min, max) = f.TargetSeconds;
        var d = f.LengthSeconds;
        return f.LengthVerdict switch
        {
            LengthVerdict.OnTarget => 100,
            LengthVerdict.NoAnswer => 0,
            LengthVerdict.Short or LengthVerdict.TooShort => Math.Max(20, 100 * d / Math.Max(1, min)),
            _ => Math.Max(20, 100 - (100 * (d - max - _rubric.GraceSeconds) / Math.Max(1, max))),
        };
    }

    /// <summary>
    /// Values shown through the story score highest; a value named, or the culture memo's language used ("we sunshined
    /// it"), connects the answer to the culture as the no_values flag counts it; shown but unnamed, or only the company
    /// named, less.
    /// </summary>
    private static double ValuesScore(AnswerFindings f)
    {
        var tied = f.Values.Count(v => v.Tied);
        double score = tied switch
        {
            0 => f.Values.Any(v => v.Named) || f.KeyPhrasesUsed.Count > 0 ? 70 : f.Values.Count > 0 || f.MentionsCompany ? 45 : 20,
            1 => 85,
            _ => 100,
        };
        if (f.KeyPhrasesUsed.Count > 0)
        {
            score += 10;
        }

        return Math.Min(100, score);
    }

    private static double RoleScore(AnswerFindings f)
    {
        double score = f.RoleTerms.Count switch { 0 => 50, 1 => 75, 2 => 90, _ => 100 };
        if (f.RedFlags.Any(r => r.Id == "role-confusion"))
        {
            score -= 30;
        }

        return Math.Max(0, score);
    }

    private double DeliveryScore(AnswerFindings f)
    {
        double score = 100;
        score -= Math.Min(40, 8 * Math.Max(0, f.FillersPerMinute - _rubric.MaxFillersPerMinute));
        score -= Math.Min(20, 4 * Math.Max(0, f.HedgeCount - 2));
        if (f.Words >= _rubric.PaceMinWords)
        {
            // The pace is real for a typed transcript too (its duration is stated); its pauses are not (word times estimated).
            var (lo, hi) = _rubric.IdealPace;
            var off = f.WordsPerMinute < lo ? lo - f.WordsPerMinute : f.WordsPerMinute > hi ? f.WordsPerMinute - hi : 0;
            score -= Math.Min(30, 1.5 * off);
            score -= f.TimingEstimated ? 0 : Math.Min(15, 5 * f.LongPauses);
        }

        score -= Math.Min(15, 3 * Math.Max(0, f.Repeats.Count - 1));
        return Math.Max(0, score);
    }

    /// <summary>
    /// An answer that states one of its question's wrong claims (any kind whose bank writes them), or a concept answer
    /// leaning to one of its question's misconceptions by at least rubric semantic.misconception_lean.
    /// </summary>
    internal static bool WrongAtTheCore(RubricSettings rubric, Question q, AnswerFindings f) =>
        f.WrongClaims.Count > 0
        || (q.Kind == QuestionKinds.Concept && rubric.Semantic.MisconceptionLean > 0 && f.MisconceptionLean >= rubric.Semantic.MisconceptionLean);
}

/// <summary>The plain rubric's grading of an answer and the grades its caps allow (steps on the scale).</summary>
public sealed record RubricGrading(GradedAnswer Graded, GradeRange Range);
