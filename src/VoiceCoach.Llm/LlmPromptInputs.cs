using System.Globalization;
using System.Text;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Llm;

/// <summary>
/// The values VoiceCoach gives the grading prompts, by variable name. The answer-feedback prompt gets
/// the question, the transcript with timings, the rubric's findings and feedback, the company pack and
/// the grade window; the session-summary prompt gets every answer's grade and the session metrics.
/// A prompt may declare any subset of these (plus its own variables with defaults).
/// </summary>
public static class LlmPromptInputs
{
    /// <summary>Variables provided to answer prompts, with what they hold (for `prompts check` and errors).</summary>
    public static readonly IReadOnlyDictionary<string, string> AnswerVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["question"] = "the question as asked",
        ["question_kind"] = "story, motivation, concept, logistics or design",
        ["question_round"] = "recruiter, behavioral, technical, …",
        ["question_values"] = "the company values the question probes",
        ["talking_points"] = "the question bank's talking points (list)",
        ["company"] = "the company's name",
        ["company_pack"] = "role, values, key phrases and red flags from companies/NAME.yaml",
        ["transcript"] = "the answer, one timed sentence per line with its STAR-Lite label (untrusted: the candidate's words)",
        ["duration_s"] = "how long the answer took, seconds",
        ["timing"] = "measured, or estimated from a typed transcript",
        ["engine"] = "the transcription engine",
        ["findings"] = "everything the rubric measured (length, STAR seconds, values, numbers, red flags, delivery)",
        ["flags"] = "the rubric's flags (list)",
        ["rubric_grade"] = "the rubric's letter grade",
        ["rubric_score"] = "the rubric's 0–100 score",
        ["grade_scale"] = "every letter, best first",
        ["allowed_grades"] = "the letters within llm.max_grade_steps of the rubric's grade",
        ["max_grade_steps"] = "llm.max_grade_steps from rubric.yaml",
        ["rubric_feedback"] = "the rubric's what-worked, needs-work, tip and template",
    };

    /// <summary>
    /// Variables that hold the candidate's own words: escaped once more before rendering
    /// (<see cref="TranscriptEscapingFilter"/>) so that nothing in them can close the block that marks them as data.
    /// </summary>
    public static readonly IReadOnlyList<string> UntrustedVariables = ["transcript"];

    /// <summary>Variables provided to session prompts.</summary>
    public static readonly IReadOnlyDictionary<string, string> SessionVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["company"] = "the company's name",
        ["session_type"] = "e.g. Recruiter Interview Practice",
        ["answers"] = "one line per answer: question, grade, flags and the reviewer's reason",
        ["average_grade"] = "the session's average letter",
        ["culture_integration_pct"] = "culture integration %",
        ["role_enthusiasm_pct"] = "role enthusiasm %",
        ["fluency"] = "culture fluency label and level",
        ["strengths"] = "the rubric's strengths (list)",
        ["development_areas"] = "the rubric's development areas (list)",
        ["next_target"] = "the next-session target",
    };

    /// <summary>Inputs for an answer prompt from the rubric's grading of it.</summary>
    public static IReadOnlyDictionary<string, object?> ForAnswer(GradedAnswer g, RubricSettings rubric, CompanyPack company)
    {
        var q = g.Question;
        var f = g.Findings;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["question"] = q.Text,
            ["question_kind"] = q.Kind,
            ["question_round"] = q.Round,
            ["question_values"] = string.Join(", ", q.Values.Select(v => company.FindValue(v)?.Name ?? v)),
            ["talking_points"] = q.TalkingPoints.ToList(),
            ["company"] = company.Name,
            ["company_pack"] = CompanyText(company),
            ["transcript"] = TranscriptText(g),
            ["duration_s"] = Inv($"{f.DurationSeconds:0.0}"),
            ["timing"] = f.TimingEstimated ? "estimated from a typed transcript (word times are spread evenly)" : "measured from the recording",
            ["engine"] = g.Answer.Transcript.Engine,
            ["findings"] = FindingsText(g),
            ["flags"] = g.Flags.ToList(),
            ["rubric_grade"] = g.RubricGrade,
            ["rubric_score"] = Inv($"{g.Score:0.#}"),
            ["grade_scale"] = string.Join(", ", rubric.Grades.Select(b => b.Letter)),
            ["allowed_grades"] = string.Join(", ", GradePolicy.Allowed(rubric, g.RubricGrade)),
            ["max_grade_steps"] = rubric.LlmMaxGradeSteps.ToString(CultureInfo.InvariantCulture),
            ["rubric_feedback"] = FeedbackText(g.Feedback),
        };
    }

    /// <summary>Inputs for a session prompt.</summary>
    public static IReadOnlyDictionary<string, object?> ForSession(GradedSession s)
    {
        var answers = new StringBuilder();
        foreach (var a in s.Answers)
        {
            answers.Append(Inv($"Q{a.Answer.Index} ({a.Question.Kind}, {a.Findings.DurationSeconds:0} s): \"{a.Question.Text}\" → grade {a.Grade}"));
            if (a.Grade != a.RubricGrade)
            {
                answers.Append(Inv($" (rubric {a.RubricGrade})"));
            }

            answers.Append(a.Flags.Count > 0 ? $"; flags: {string.Join(", ", a.Flags)}" : "; no flags");
            if (a.Llm is { Status: LlmReview.Ok } llm)
            {
                answers.Append(CultureInfo.InvariantCulture, $"; reviewer: {llm.Reason}");
            }

            answers.Append('\n');
        }

        var m = s.Summary;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["company"] = s.CompanyName,
            ["session_type"] = s.SessionType,
            ["answers"] = answers.ToString().TrimEnd(),
            ["average_grade"] = m.AverageGrade,
            ["culture_integration_pct"] = m.CultureIntegrationPct.ToString(CultureInfo.InvariantCulture),
            ["role_enthusiasm_pct"] = m.RoleEnthusiasmPct.ToString(CultureInfo.InvariantCulture),
            ["fluency"] = Inv($"{m.FluencyLabel} ({m.FluencyLevel}/5)"),
            ["strengths"] = m.Strengths.ToList(),
            ["development_areas"] = m.DevelopmentAreas.ToList(),
            ["next_target"] = m.NextTarget,
        };
    }

    private static string TranscriptText(GradedAnswer g)
    {
        var f = g.Findings;
        if (f.Sentences.Count == 0)
        {
            var text = g.Answer.Transcript.Text;
            return text.Length == 0 ? "(nothing was heard)" : text;
        }

        var sb = new StringBuilder();
        foreach (var s in f.Sentences)
        {
            sb.Append(Inv($"[{TimeFormat.Duration(s.Start)}–{TimeFormat.Duration(s.End)}] ({s.Part.ToString().ToLowerInvariant()}) {s.Text}\n"));
        }

        return sb.ToString().TrimEnd();
    }

    private static string FindingsText(GradedAnswer g)
    {
        var f = g.Findings;
        var sb = new StringBuilder();
        sb.AppendLine(Inv($"- Length: {f.LengthSeconds:0} s judged (answer {f.DurationSeconds:0} s), target {TimeFormat.Range(f.TargetSeconds)}: {f.LengthVerdict.Name().Replace('_', ' ')}"));
        sb.AppendLine(f.TimingEstimated ? "- Pace: not measured (typed transcript)" : Inv($"- Pace: {f.WordsPerMinute:0} words/min; {f.Pauses} pauses, {f.LongPauses} long"));
        sb.AppendLine("- STAR-Lite seconds: " + string.Join(", ", f.Star.Select(p => p.Value.Present
            ? Inv($"{p.Key.ToString().ToLowerInvariant()} {p.Value.Seconds:0} s{(p.Value.OverBudget ? Inv($" (over its {p.Value.BudgetSeconds:0} s budget)") : string.Empty)}")
            : $"{p.Key.ToString().ToLowerInvariant()} missing")));
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Concrete example: {(f.HasExample ? "yes" : "no")}{(f.Incomplete ? $"; cut off ({f.IncompleteReason})" : string.Empty)}");
        sb.AppendLine(f.Numbers.Count > 0 ? $"- Numbers: {string.Join(", ", f.Numbers)}{(f.NumbersInResult ? " (in the result)" : string.Empty)}" : "- Numbers: none");
        sb.AppendLine(Inv($"- Ownership: \"I\" {f.IWords}, \"we\" {f.WeWords}"));
        sb.AppendLine(f.Values.Count > 0
            ? "- Values: " + string.Join(", ", f.Values.Select(v => $"{v.Name} ({(v.Tied ? "shown in the story" : "only named")})"))
            : "- Values: none heard");
        if (f.KeyPhrasesUsed.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- Key phrases used: {string.Join(", ", f.KeyPhrasesUsed)}");
        }

        sb.AppendLine(f.RoleTerms.Count > 0 ? $"- Role connection: {string.Join(", ", f.RoleTerms)}" : "- Role connection: none");
        foreach (var r in f.RedFlags)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- Red flag ({r.Severity}): {r.Label} (\"{r.Phrase}\"): {r.Why}");
        }

        sb.AppendLine(Inv($"- Fillers: {f.FillerCount} ({f.FillersPerMinute:0.#}/min); hedges: {f.HedgeCount}; enthusiasm: {(f.EnthusiasmMarkers.Count > 0 ? string.Join(", ", f.EnthusiasmMarkers.Distinct()) : "none")}"));
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Flags: {(g.Flags.Count > 0 ? string.Join(", ", g.Flags) : "none")}");
        sb.Append(Inv($"- Rubric: score {g.Score:0.#}/100, grade {g.RubricGrade}{(g.CappedBy is { } cap ? $" (capped by {cap})" : string.Empty)}"));
        return sb.ToString();
    }

    private static string FeedbackText(AnswerFeedback fb)
    {
        var sb = new StringBuilder();
        sb.AppendLine("What worked: " + (fb.Worked.Count > 0 ? string.Join("; ", fb.Worked) : "nothing yet"));
        sb.AppendLine("Needs work: " + (fb.NeedsWork.Count > 0 ? string.Join("; ", fb.NeedsWork) : "nothing major"));
        if (fb.CriticalMiss is { } miss)
        {
            sb.AppendLine("Critical miss: " + miss);
        }

        sb.AppendLine("Tip: " + fb.Tip);
        sb.Append("Template: " + fb.Template);
        return sb.ToString();
    }

    private static string CompanyText(CompanyPack c)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Role: {c.Role.Title}, {c.Role.Team}. Angle: {c.Role.Angle}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Key message: {c.Role.KeyMessage}");
        sb.AppendLine("Principles and values:");
        foreach (var v in c.Values)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {v.Name}: {v.Description}");
        }

        if (c.KeyPhrases.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Key phrases: {string.Join(", ", c.KeyPhrases.Select(k => k.Phrase))}");
        }

        if (c.RedFlags.Count > 0)
        {
            sb.AppendLine("Red flags:");
            foreach (var r in c.RedFlags)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- {r.Label}: {r.Why}");
            }
        }

        return sb.ToString().TrimEnd();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
