using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Grading;


/// <summary>
/// The deterministic grader: no network, no clock. Measures the answer (<see cref="TranscriptAnalyzer"/>),
/// scores each criterion 0–100, weights them by question kind, applies the caps for critical misses and
/// writes feedback. Every number comes from <see cref="RubricSettings"/>. Thread-safe.
/// </summary>
public sealed class RubricGrader : IAnswerGrader
{
    private readonly RubricSettings _rubric;
    private readonly TranscriptAnalyzer _analyzer;
    private readonly FeedbackComposer _feedback;

    public RubricGrader(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _analyzer = new TranscriptAnalyzer(rubric, company);
        _feedback = new FeedbackComposer(rubric, company);
    }

    public Task<GradedAnswer> GradeAsync(AnswerToGrade answer, CancellationToken cancellationToken) =>
        Task.FromResult(Grade(answer));

    /// <summary>Grades synchronously (it is pure computation).</summary>
    public GradedAnswer Grade(AnswerToGrade answer)
    {
        var q = answer.Question;
        var f = _analyzer.Analyze(q, answer.Transcript, answer.Duration, answer.TimingEstimated, answer.Voice);
        var flags = Flags(q, f);
        var criteria = Score(q, f);
        var weights = _rubric.WeightsFor(q.Kind);
        var score = RubricSettings.Criteria.Sum(c => weights[c] * criteria[c]) / 100.0;
        if (f.RedFlags.Any(r => !r.IsHighSeverity()))
        {
            score -= 5;
        }

        score = Math.Round(Math.Clamp(score, 0, 100), 1);
        var letter = _rubric.BandFor(score).Letter;
        string? cappedBy = null;
        foreach (var flag in CapOrder(f, flags))
        {
            if (_rubric.Caps.TryGetValue(flag, out var cap) && _rubric.Rank(cap) > _rubric.Rank(letter))
            {
                letter = cap;
                cappedBy = flag;
            }
        }

        var feedback = _feedback.Compose(answer, f, flags, criteria);
        return new GradedAnswer
        {
            Answer = answer,
            Findings = f,
            Criteria = criteria,
            Score = score,
            Grade = letter,
            RubricGrade = letter,
            CappedBy = cappedBy,
            Flags = flags,
            Feedback = feedback,
        };
    }

    private static IEnumerable<string> CapOrder(AnswerFindings f, IReadOnlyList<string> flags)
    {
        foreach (var flag in flags)
        {
            // Only a high-severity red flag caps the grade; medium ones cost points.
            if (flag == "red_flag" && !f.RedFlags.Any(r => r.IsHighSeverity()))
            {
                continue;
            }

            if (flag == "too_short" && f.LengthVerdict != "too_short")
            {
                continue;
            }

            yield return flag;
        }
    }

    private List<string> Flags(Question q, AnswerFindings f)
    {
        var flags = new List<string>();
        var story = q.Kind == QuestionKinds.Story;
        if (story && !f.HasExample)
        {
            flags.Add("no_example");
        }

        if (f.Incomplete)
        {
            flags.Add("incomplete");
        }

        if (f.Relevance < _rubric.MinRelevance && f.Words >= _rubric.RelevanceMinWords)
        {
            flags.Add("off_topic");
        }

        if (f.LengthVerdict is "too_short")
        {
            flags.Add("too_short");
        }

        if (f.LengthVerdict is "long" or "too_long")
        {
            flags.Add("too_long");
        }

        if (f.RedFlags.Count > 0)
        {
            flags.Add("red_flag");
        }

        if (WeHeavy(f))
        {
            flags.Add("we_heavy");
        }

        if (story && f.HasExample && f.Numbers.Count == 0)
        {
            flags.Add("no_numbers");
        }

        var paceMeasurable = !f.TimingEstimated && f.Words >= 20;
        if (paceMeasurable && f.WordsPerMinute > _rubric.FastPace)
        {
            flags.Add("fast");
        }

        if (paceMeasurable && f.WordsPerMinute < _rubric.SlowPace)
        {
            flags.Add("slow");
        }

        if (f.FillersPerMinute > _rubric.MaxFillersPerMinute && f.FillerCount >= 2)
        {
            flags.Add("fillers");
        }

        if (f.Values.Count == 0 && f.KeyPhrasesUsed.Count == 0 && !f.MentionsCompany && q.Kind is not (QuestionKinds.Design or QuestionKinds.Concept))
        {
            flags.Add("no_values");
        }

        if (q.Kind == QuestionKinds.Motivation && f.EnthusiasmMarkers.Count == 0)
        {
            flags.Add("no_enthusiasm");
        }

        return flags;
    }

    private Dictionary<string, double> Score(Question q, AnswerFindings f)
    {
        var s = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["structure"] = StructureScore(f),
            ["example"] = ExampleScore(q, f),
            ["length"] = LengthScore(f),
            ["values"] = ValuesScore(f),
            ["role"] = RoleScore(f),
            ["results"] = f.NumbersInResult ? 100 : f.Numbers.Count > 0 ? 80 : f.Star[StarPart.Result].Present ? 55 : 20,
            ["delivery"] = DeliveryScore(f),
            ["ownership"] = f.IWords + f.WeWords == 0 ? 60 : WeHeavy(f) ? 50 : 100,
            ["enthusiasm"] = f.EnthusiasmMarkers.Count switch { 0 => 30, 1 => 75, _ => 100 },
            ["relevance"] = Math.Clamp(f.Relevance / 0.3 * 100, 20, 100),
        };
        return s.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1), StringComparer.Ordinal);
    }

    /// <summary>"We" outweighs "I" (rubric ownership: we_share, min_we).</summary>
    private bool WeHeavy(AnswerFindings f) =>
        f.WeWords >= _rubric.MinWe && f.WeWords > _rubric.WeShare * (f.IWords + f.WeWords);

    private static double StructureScore(AnswerFindings f)
    {
        double score = 0;
        score += f.Star[StarPart.Situation].Present ? 15 : 0;
        score += f.Star[StarPart.Task].Present ? 15 : 0;
        score += f.Star[StarPart.Action].Present ? 35 : 0;
        score += f.Star[StarPart.Result].Present ? 35 : 0;
        score -= Math.Min(20, 10 * f.Star.Values.Count(p => p.OverBudget));
        if (!f.HasExample)
        {
            score = Math.Min(score, 30);
        }

        return Math.Max(0, score);
    }

    private double ExampleScore(Question q, AnswerFindings f)
    {
        if (q.Kind == QuestionKinds.Story)
        {
            var ratio = Math.Min(1, f.StoryEvidence / (_rubric.MinStoryEvidence * 1.5));
            return Math.Max(0, (100 * ratio) - (8 * Math.Max(0, f.OpinionMarkers - 1)));
        }

        return f.HasExample ? 100 : 60;
    }

    private double LengthScore(AnswerFindings f)
    {
        var (min, max) = f.TargetSeconds;
        var d = f.LengthSeconds;
        return f.LengthVerdict switch
        {
            "on_target" => 100,
            "short" or "too_short" => Math.Max(20, 100 * d / Math.Max(1, min)),
            _ => Math.Max(20, 100 - (150 * (d - max - _rubric.GraceSeconds) / Math.Max(1, max))),
        };
    }

    private static double ValuesScore(AnswerFindings f)
    {
        var tied = f.Values.Count(v => v.Tied);
        double score = tied switch
        {
            0 => f.Values.Count > 0 || f.MentionsCompany ? 45 : 20,
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
        double score = f.RoleTerms.Count switch { 0 => 30, 1 => 70, 2 => 85, _ => 100 };
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
        if (!f.TimingEstimated && f.Words >= 20)
        {
            var (lo, hi) = _rubric.IdealPace;
            var off = f.WordsPerMinute < lo ? lo - f.WordsPerMinute : f.WordsPerMinute > hi ? f.WordsPerMinute - hi : 0;
            score -= Math.Min(30, 1.5 * off);
            score -= Math.Min(15, 5 * f.LongPauses);
        }

        score -= Math.Min(15, 3 * Math.Max(0, f.Repeats.Count - 1));
        return Math.Max(0, score);
    }
}
