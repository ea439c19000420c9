using System.Globalization;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Assessment;

namespace VoiceCoach.Grading;

/// <summary>
/// Computes the session summary from graded answers: averages, culture fluency, strengths and development areas
/// drawn from the per-answer findings with counts (<see cref="SessionStrengths"/>, <see cref="DevelopmentAreas"/>),
/// action items (the company pack's prep items where they cover an area, else the rubric's), the coach's questions
/// and the next target. Answers with no speech are "no answer": rubric.yaml's no_answer entry says whether they count
/// in the averages. Every threshold from <see cref="RubricSettings"/>. Pure; thread-safe.
/// </summary>
public sealed class SessionAssessor : ISessionAssessor
{
    private const int MaxCoachQuestions = 4;

    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly RubricText _text;

    public SessionAssessor(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
        _text = new RubricText(rubric, company);
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
        ArgumentNullException.ThrowIfNull(answers);
        var answered = answers.Where(a => !a.Findings.NoAnswer).ToList();

        // The averages describe the answers given, unless the rubric counts silence at its no-answer grade.
        var averaged = _rubric.NoAnswerInAverages ? answers.ToList() : answered;
        var points = averaged.Count == 0 ? 0 : averaged.Average(a => _rubric.Band(a.Grade)?.Points ?? 0);
        var average = averaged.Count == 0 ? _rubric.NoAnswerGrade : _rubric.LetterForPoints(points);
        var culture = Percent(averaged, CultureScore);
        var enthusiasm = Percent(averaged, EnthusiasmScore);
        var level = _rubric.FluencyLevels.Last(l => culture >= l.MinPct);
        var target = answered.Select(a => a.Findings.TargetSeconds).GroupBy(t => t).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault((30d, 60d));

        var areas = DevelopmentAreas.Rank(_rubric, DevelopmentAreas.Tally(_rubric, answers), culture, enthusiasm);
        var areaIds = areas.Select(a => a.Id).ToList();
        var nextGrade = _rubric.Step(average, _rubric.NextTargetGradeSteps);
        if (_rubric.Rank(nextGrade) > _rubric.Rank(_rubric.NextTargetGradeFloor))
        {
            nextGrade = _rubric.NextTargetGradeFloor;
        }

        var nextCulture = (int)Math.Min(_rubric.NextTargetCultureMax, Math.Ceiling((culture + _rubric.NextTargetCulturePoints) / 10.0) * 10);
        var measured = answered.Where(a => !a.Findings.TimingEstimated).ToList();
        return new SessionSummary
        {
            QuestionsCompleted = answered.Count,
            QuestionsAsked = questionsAsked,
            AverageGrade = average,
            AveragePoints = Math.Round(points, 2),
            AverageScore = averaged.Count == 0 ? 0 : Math.Round(averaged.Average(a => a.Score), 1),
            CultureIntegrationPct = culture,
            RoleEnthusiasmPct = enthusiasm,
            FluencyLevel = level.Level,
            FluencyLabel = level.Label,
            FluencyNotes = FluencyNotes(answered, culture),
            Strengths = SessionStrengths.Find(_rubric, _text, answered, areaIds, target),
            DevelopmentAreaIds = areaIds,
            DevelopmentAreas = areas.Select(a => AreaText(a, answers, answered.Count, questionsAsked, target)).ToList(),
            RecommendedFocus = areas.Count == 0 ? "Consistency: keep this standard under pressure"
                : string.Join(" & ", areas.Take(2).Select(a => _rubric.FocusNames.GetValueOrDefault(a.Id) ?? a.Id)),
            ActionItems = ActionItems(areaIds, target),
            CoachQuestions = CoachQuestions(answers),
            NextTargetGrade = nextGrade,
            NextTargetCulturePct = Math.Max(nextCulture, culture),
            // Length, pace and fillers are measured on speech: silence has none.
            AverageSeconds = answered.Count == 0 ? 0 : Math.Round(answered.Average(a => a.Findings.LengthSeconds), 1),
            AverageWordsPerMinute = measured.Count > 0 ? Math.Round(measured.Average(a => a.Findings.WordsPerMinute)) : 0,
            FillersPerMinute = answered.Count == 0 ? 0 : Math.Round(answered.Average(a => a.Findings.FillersPerMinute), 1),
        };
    }

    /// <summary>The share of <paramref name="answers"/>' scores, in whole percent; a no-answer scores 0.</summary>
    private static int Percent(List<GradedAnswer> answers, Func<AnswerFindings, double> score) =>
        answers.Count == 0 ? 0 : (int)Math.Round(100 * answers.Sum(a => a.Findings.NoAnswer ? 0 : score(a.Findings)) / answers.Count);

    /// <summary>An area in the rubric's words with its counts: "(1 of 6 answers over 60 s)".</summary>
    private string AreaText(AreaTally area, IReadOnlyList<GradedAnswer> answers, int answered, int asked, (double Min, double Max) target)
    {
        var touched = answers.Where(a => area.Answers.Contains(a.Answer.Index)).ToList();
        var maxima = touched.Select(a => a.Findings.TargetSeconds.Max).Distinct().ToList();
        var max = maxima.Count == 1 ? Inv($"{maxima[0]:0} s") : "their target";
        var wording = (_rubric.Areas.GetValueOrDefault(area.Id) ?? area.Id)
            .Replace("{asked}", "{total}", StringComparison.Ordinal)
            .Replace("{max}", max, StringComparison.Ordinal);
        var text = RubricText.Counts(wording, area.Count, area.Id == "no_answer" ? Math.Max(asked, answers.Count) : answered);
        return _text.Fill(text, target);
    }

    /// <summary>
    /// One action item per listed area, in the areas' order: the company pack's prep item that covers the area (its
    /// "Research Homework", "Role-Specific Prep"), else the rubric's; each item once.
    /// </summary>
    private List<ActionItem> ActionItems(IReadOnlyList<string> areas, (double Min, double Max) target)
    {
        var items = new List<ActionItem>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var area in areas)
        {
            if (items.Count >= _rubric.Summary.MaxActionItems)
            {
                break;
            }

            var prep = _company.Prep.FirstOrDefault(p => p.Areas.Contains(area, StringComparer.OrdinalIgnoreCase));
            if (prep is not null)
            {
                if (used.Add("prep:" + prep.Id))
                {
                    items.Add(new ActionItem(_text.Fill(prep.Title, target), prep.Steps.Select(s => _text.Fill(s, target)).ToList()));
                }
            }
            else if (_rubric.ActionItems.TryGetValue(area, out var item) && used.Add(area))
            {
                items.Add(new ActionItem(_text.Fill(item.Title, target), item.Steps.Select(s => _text.Fill(s, target)).ToList()));
            }
        }

        return items;
    }

    private List<string> FluencyNotes(List<GradedAnswer> answered, int culture)
    {
        var notes = new List<string>();
        var named = answered.Count(a => a.Findings.Values.Count > 0);
        var tied = answered.Count(a => a.Findings.Values.Any(v => v.Tied));
        var phrases = answered.SelectMany(a => a.Findings.KeyPhrasesUsed).Distinct().ToList();
        if (named > tied)
        {
            notes.Add($"You know the principles but aren't weaving them naturally into answers ({named - tied} answer{(named - tied == 1 ? string.Empty : "s")} named a value without showing it)");
        }

        if (tied < answered.Count)
        {
            notes.Add(Inv($"Need more examples of living these values in your work ({tied}/{answered.Count} answers showed one)"));
        }

        notes.Add(phrases.Count == 0
            ? $"Practice using {_company.Name} terminology casually (e.g. {string.Join(", ", RubricText.TerminologyExamples(_company).Select(k => $"\"{k}\""))})"
            : $"Good use of {_company.Name} terminology: {string.Join(", ", phrases.Select(p => $"\"{p}\""))}");
        if (culture >= 70)
        {
            notes.Insert(0, "Values come through in the stories themselves, not as labels");
        }

        return notes;
    }

    private static List<string> CoachQuestions(IReadOnlyList<GradedAnswer> answers)
    {
        var list = new List<string>();
        foreach (var a in answers)
        {
            var i = a.Answer.Index;
            if (a.Findings.NoAnswer)
            {
                list.Add($"**No Answer (Q{i}):** Nothing was heard. Was it the microphone, or did \"{a.Question.Text}\" stump you? Let's answer it together.");
                continue;
            }

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

        return list.Take(MaxCoachQuestions).ToList();
    }

    private static string Tail(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 10 ? text : "…" + string.Join(' ', words[^10..]);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
