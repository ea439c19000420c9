using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Grading;

/// <summary>
/// Computes the session summary from graded answers, with every threshold from <see cref="RubricSettings"/>.
/// Pure; thread-safe.
/// </summary>
public sealed class SessionAssessor : ISessionAssessor
{
    private static readonly string[] AreaPriority =
        ["examples", "completeness", "red_flags", "relevance", "brevity", "specificity", "enthusiasm", "structure", "results", "ownership", "delivery"];

    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly FeedbackComposer _composer;

    public SessionAssessor(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
        _composer = new FeedbackComposer(rubric, company);
    }

    /// <summary>Culture integration of one answer: 1 when a value is shown in the story, 0.5 when only named, else 0.</summary>
    public static double CultureScore(AnswerFindings f) =>
        f.Values.Any(v => v.Tied) || (f.KeyPhrasesUsed.Count > 0 && f.HasExample) ? 1
        : f.Values.Count > 0 || f.KeyPhrasesUsed.Count > 0 || f.MentionsCompany ? 0.5
        : 0;

    /// <summary>Role enthusiasm of one answer: half for excitement, half for a role connection.</summary>
    public static double EnthusiasmScore(AnswerFindings f) =>
        (f.EnthusiasmMarkers.Count > 0 ? 0.5 : 0) + (f.RoleTerms.Count > 0 ? 0.5 : 0);

    public SessionSummary Assess(IReadOnlyList<GradedAnswer> answers, int questionsAsked)
    {
        var graded = answers.Where(a => a.Findings.Words > 0).ToList();
        var n = Math.Max(1, graded.Count);
        var points = graded.Count == 0 ? 0 : graded.Average(a => _rubric.Band(a.Grade)?.Points ?? 0);
        var average = graded.Count == 0 ? _rubric.Grades[^1].Letter : _rubric.LetterForPoints(points);
        var culture = (int)Math.Round(100 * graded.Sum(a => CultureScore(a.Findings)) / n);
        var enthusiasm = (int)Math.Round(100 * graded.Sum(a => EnthusiasmScore(a.Findings)) / n);
        var level = _rubric.FluencyLevels.Last(l => culture >= l.MinPct);

        var areaCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in graded)
        {
            foreach (var area in AreasOf(a))
            {
                areaCounts[area] = areaCounts.GetValueOrDefault(area) + 1;
            }
        }

        var areas = areaCounts
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => Array.IndexOf(AreaPriority, kv.Key))
            .Select(kv => kv.Key)
            .ToList();
        var target = graded.Select(a => a.Findings.TargetSeconds).GroupBy(t => t).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault((30d, 60d));

        var nextGrade = _rubric.Step(average, _rubric.NextTargetGradeSteps);
        if (_rubric.Rank(nextGrade) > _rubric.Rank(_rubric.NextTargetGradeFloor))
        {
            nextGrade = _rubric.NextTargetGradeFloor;
        }

        var nextCulture = (int)Math.Min(_rubric.NextTargetCultureMax, Math.Ceiling((culture + _rubric.NextTargetCulturePoints) / 10.0) * 10);

        return new SessionSummary
        {
            QuestionsCompleted = graded.Count,
            QuestionsAsked = questionsAsked,
            AverageGrade = average,
            AveragePoints = Math.Round(points, 2),
            AverageScore = graded.Count == 0 ? 0 : Math.Round(graded.Average(a => a.Score), 1),
            CultureIntegrationPct = culture,
            RoleEnthusiasmPct = enthusiasm,
            FluencyLevel = level.Level,
            FluencyLabel = level.Label,
            FluencyNotes = FluencyNotes(graded, culture),
            Strengths = Strengths(graded),
            DevelopmentAreaIds = areas,
            DevelopmentAreas = areas.Take(4).Select(a => _composer.Fill(_rubric.Areas.GetValueOrDefault(a) ?? a, target)).ToList(),
            RecommendedFocus = areas.Count == 0 ? "Consistency: keep this standard under pressure"
                : string.Join(" & ", areas.Take(2).Select(a => _rubric.FocusNames.GetValueOrDefault(a) ?? a)),
            ActionItems = areas.Take(4)
                .Where(_rubric.ActionItems.ContainsKey)
                .Select(a => new ActionItem(_composer.Fill(_rubric.ActionItems[a].Title, target), _rubric.ActionItems[a].Steps.Select(s => _composer.Fill(s, target)).ToList()))
                .ToList(),
            CoachQuestions = CoachQuestions(graded),
            NextTargetGrade = nextGrade,
            NextTargetCulturePct = Math.Max(nextCulture, culture),
            AverageSeconds = graded.Count == 0 ? 0 : Math.Round(graded.Average(a => a.Findings.DurationSeconds), 1),
            AverageWordsPerMinute = graded.Any(a => !a.Findings.TimingEstimated) ? Math.Round(graded.Where(a => !a.Findings.TimingEstimated).Average(a => a.Findings.WordsPerMinute)) : 0,
            FillersPerMinute = graded.Count == 0 ? 0 : Math.Round(graded.Average(a => a.Findings.FillersPerMinute), 1),
        };
    }

    /// <summary>The development areas one answer contributes to.</summary>
    public static IEnumerable<string> AreasOf(GradedAnswer a)
    {
        var f = a.Findings;
        foreach (var flag in a.Flags)
        {
            var area = flag switch
            {
                "too_long" => "brevity",
                "no_values" => "specificity",
                "no_example" or "too_short" => "examples",
                "no_enthusiasm" => "enthusiasm",
                "incomplete" => "completeness",
                "red_flag" => "red_flags",
                "no_numbers" => "results",
                "we_heavy" => "ownership",
                "fillers" or "fast" or "slow" => "delivery",
                "off_topic" => "relevance",
                _ => null,
            };
            if (area is not null)
            {
                yield return area;
            }
        }

        if (!a.Flags.Contains("no_values") && f.Values.Count > 0 && f.Values.All(v => !v.Tied))
        {
            yield return "specificity";
        }

        if (a.Question.Kind == QuestionKinds.Motivation && f.RoleTerms.Count == 0 && !a.Flags.Contains("no_enthusiasm"))
        {
            yield return "enthusiasm";
        }

        if (a.Question.Kind == QuestionKinds.Story && f.HasExample
            && (!f.Star[StarPart.Action].Present || !f.Star[StarPart.Result].Present || f.Star.Values.Any(p => p.OverBudget)))
        {
            yield return "structure";
        }
    }

    private List<string> Strengths(List<GradedAnswer> graded)
    {
        var scored = new List<(int Count, string Text)>();
        var tied = graded.SelectMany(a => a.Findings.Values.Where(v => v.Tied)).GroupBy(v => v.Name).OrderByDescending(g => g.Count()).ToList();
        if (tied.Count > 0)
        {
            scored.Add((tied.Sum(g => g.Count()), $"Authentic alignment with {_company.Name} values ({string.Join(", ", tied.Take(3).Select(g => g.Key))})"));
        }

        var examples = graded.Count(a => a.Findings.HasExample);
        if (examples > 0)
        {
            scored.Add((examples, "Detailed professional experiences showing problem-solving abilities"));
        }

        var numbers = graded.Count(a => a.Findings.Numbers.Count > 0 && a.Findings.HasExample);
        if (numbers > 0)
        {
            scored.Add((numbers, "Quantified impact: results come with numbers"));
        }

        var enthusiasm = graded.Count(a => a.Findings.EnthusiasmMarkers.Count > 0);
        if (enthusiasm > 0)
        {
            scored.Add((enthusiasm, "Authentic enthusiasm for the work"));
        }

        var role = graded.SelectMany(a => a.Findings.RoleTerms).Distinct().ToList();
        if (role.Count > 0)
        {
            scored.Add((graded.Count(a => a.Findings.RoleTerms.Count > 0), $"Connects experience to the role ({string.Join(", ", role.Take(3))})"));
        }

        var onTarget = graded.Count(a => a.Findings.LengthVerdict == "on_target");
        if (onTarget > 0)
        {
            scored.Add((onTarget, "Concise answers within the target length"));
        }

        var ownership = graded.Count(a => a.Findings.HasExample && a.Findings.IWords > a.Findings.WeWords);
        if (ownership > 0)
        {
            scored.Add((ownership, "Clear ownership of decisions and actions"));
        }

        var clean = graded.Count(a => !a.Flags.Any(f => f is "fillers" or "fast" or "slow") && !a.Findings.TimingEstimated);
        if (clean > 0)
        {
            scored.Add((clean, "Steady, clear delivery with few fillers"));
        }

        return scored.OrderByDescending(s => s.Count).Take(4).Select(s => s.Text).ToList();
    }

    private List<string> FluencyNotes(List<GradedAnswer> graded, int culture)
    {
        var notes = new List<string>();
        var named = graded.Count(a => a.Findings.Values.Count > 0);
        var tied = graded.Count(a => a.Findings.Values.Any(v => v.Tied));
        var phrases = graded.SelectMany(a => a.Findings.KeyPhrasesUsed).Distinct().ToList();
        if (named > tied)
        {
            notes.Add($"You know the principles but aren't weaving them naturally into answers ({named - tied} answer{(named - tied == 1 ? string.Empty : "s")} named a value without showing it)");
        }

        if (tied < graded.Count)
        {
            notes.Add($"Need more examples of living these values in your work ({tied}/{graded.Count} answers showed one)");
        }

        notes.Add(phrases.Count == 0
            ? $"Practice using {_company.Name} terminology casually (e.g. {string.Join(", ", FeedbackComposer.TerminologyExamples(_company).Select(k => $"\"{k}\""))})"
            : $"Good use of {_company.Name} terminology: {string.Join(", ", phrases.Select(p => $"\"{p}\""))}");
        if (culture >= 70)
        {
            notes.Insert(0, "Values come through in the stories themselves, not as labels");
        }

        return notes;
    }

    private static List<string> CoachQuestions(List<GradedAnswer> graded)
    {
        var list = new List<string>();
        foreach (var a in graded)
        {
            var i = a.Answer.Index;
            if (a.Flags.Contains("incomplete"))
            {
                var last = a.Findings.Sentences.Count > 0 ? a.Findings.Sentences[^1].Text : string.Empty;
                list.Add($"**Incomplete Answer (Q{i}):** You stopped at \"{Tail(last)}\". What were you going to say? Let's complete that thought.");
            }

            if (a.Flags.Contains("no_example"))
            {
                list.Add($"**Storytelling (Q{i}):** Can you think of a specific project that shows this? We need a real example for \"{a.Question.Text}\"");
            }

            if (a.Flags.Contains("red_flag"))
            {
                var r = a.Findings.RedFlags[0];
                list.Add($"**Reframing (Q{i}):** How could you say \"{r.Phrase}\" as something you are moving towards?");
            }
        }

        return list.Take(4).ToList();
    }

    private static string Tail(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 10 ? text : "…" + string.Join(' ', words[^10..]);
    }
}
