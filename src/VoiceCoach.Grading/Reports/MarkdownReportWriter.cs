using System.Globalization;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Reports;

/// <summary>
/// Writes report.md in the shape of the coach's session-1 report: overall summary, per-question
/// feedback (grade, what worked, what needs work, tip, template) with timing figures and a link to
/// each answer's SVG timeline, culture fluency, action items, discussion space, session metrics and
/// the next-session target. Output is culture-invariant and reads well on GitHub.
/// </summary>
public sealed class MarkdownReportWriter
{
    private readonly CompanyPack _company;

    public MarkdownReportWriter(CompanyPack company) => _company = company;

    /// <summary>The SVG timeline file name for an answer (written next to report.md).</summary>
    public static string TimelineFileName(GradedAnswer answer) =>
        string.Create(CultureInfo.InvariantCulture, $"q{answer.Answer.Index}-timeline.svg");

    public void Write(GradedSession session, TextWriter w)
    {
        var s = session.Summary;
        var n = session.CompanyName;
        w.WriteLine($"# {n} Practice Session - Feedback & Coaching");
        w.WriteLine();
        w.WriteLine($"**Date:** {session.Date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}  ");
        w.WriteLine($"**Session Type:** {session.SessionType}  ");
        w.WriteLine($"**Coach:** {session.Grader}  ");
        w.WriteLine($"**Transcription:** {string.Join("; ", session.Engines.Select(EngineNote))}  ");
        w.WriteLine($"**Focus:** {Focus(session)}  ");
        foreach (var notice in session.Notices)
        {
            w.WriteLine();
            w.WriteLine($"> ⚠️ {notice}");
        }

        Rule(w);
        w.WriteLine("## Overall Performance Summary");
        w.WriteLine();
        if (session.Review is { Status: LlmReview.Ok } review)
        {
            w.WriteLine($"🤖 **Coach's overview** ({Md(review.Model ?? string.Empty)}): {Md(review.Overview ?? string.Empty)}");
            w.WriteLine();
            w.WriteLine($"**Top priority:** {Md(review.TopPriority ?? string.Empty)}");
            w.WriteLine();
        }

        w.WriteLine("### Strengths Demonstrated");
        foreach (var strength in s.Strengths.DefaultIfEmpty("None showed in enough answers yet: see each answer's \"What Worked\""))
        {
            w.WriteLine($"- ✅ {strength}");
        }

        w.WriteLine();
        w.WriteLine("### Key Development Areas");
        foreach (var area in s.DevelopmentAreas.DefaultIfEmpty("**Consistency**: Keep this standard under interview pressure"))
        {
            w.WriteLine($"- 🎯 {area}");
        }

        Rule(w);
        w.WriteLine("## Question-by-Question Feedback");
        foreach (var a in session.Answers)
        {
            w.WriteLine();
            WriteAnswer(a, w);
            Rule(w);
        }

        WriteFluency(session, w);
        Rule(w);
        w.WriteLine("## Action Items Before Next Session");
        w.WriteLine();
        var i = 1;
        foreach (var item in s.ActionItems)
        {
            w.WriteLine(Inv($"{i++}. **{item.Title}**{(i == 2 ? " (Due: Before Next Session)" : string.Empty)}"));
            foreach (var step in item.Steps)
            {
                w.WriteLine($"   - {step}");
            }

            w.WriteLine();
        }

        if (s.ActionItems.Count == 0)
        {
            w.WriteLine("1. **Raise the Bar**");
            w.WriteLine("   - Practise a harder round next time (behavioral or technical)");
            w.WriteLine();
        }

        w.WriteLine("---");
        w.WriteLine();
        w.WriteLine("## Coach-Candidate Discussion Space");
        w.WriteLine();
        w.WriteLine("### Coach's Questions for You:");
        w.WriteLine();
        i = 1;
        foreach (var q in s.CoachQuestions.DefaultIfEmpty("**Next Step:** Which answer felt strongest to you, and why?"))
        {
            w.WriteLine(Inv($"{i++}. {Md(q)}"));
            w.WriteLine();
        }

        w.WriteLine("### Your Questions/Thoughts:");
        w.WriteLine("[Space for candidate to respond]");
        Rule(w);
        w.WriteLine("### Coach's Response:");
        w.WriteLine("[Space for coach to address candidate's questions]");
        Rule(w);
        w.WriteLine("### Next Session Planning:");
        w.WriteLine("[Space to plan what to focus on next]");
        Rule(w);
        w.WriteLine("## Session Metrics");
        var silent = session.Answers.Where(a => a.Findings.NoAnswer).Select(a => Inv($"Q{a.Answer.Index}")).ToList();
        w.WriteLine(Inv($"- Questions Completed: {s.QuestionsCompleted}/{s.QuestionsAsked}{(silent.Count > 0 ? $" (no answer: {string.Join(", ", silent)})" : string.Empty)}"));
        w.WriteLine($"- Average Answer Quality: {s.AverageGrade}");
        w.WriteLine(Inv($"- {n} Culture Integration: {s.CultureIntegrationPct}%"));
        w.WriteLine(Inv($"- Role Enthusiasm: {s.RoleEnthusiasmPct}%"));
        w.WriteLine(Inv($"- Culture Fluency: {s.FluencyLabel} ({s.FluencyLevel}/5)"));
        w.WriteLine(Inv($"- Average Answer Length: {TimeFormat.Duration(s.AverageSeconds)}"));
        w.WriteLine(s.AverageWordsPerMinute > 0
            ? Inv($"- Average Pace: {s.AverageWordsPerMinute:0} words/min, {s.FillersPerMinute:0.#} fillers/min")
            : Inv($"- Average Pace: n/a (typed answers), {s.FillersPerMinute:0.#} fillers/min"));
        w.WriteLine($"- Recommended Focus: {s.RecommendedFocus}");
        if (session.Timings.TryGetValue("feedback_latency_ms", out var latency))
        {
            w.WriteLine(Inv($"- Feedback ready {latency:0} ms after the last answer"));
        }

        if (session.Timings.TryGetValue("page_latency_ms", out var page))
        {
            w.WriteLine(Inv($"- Report in the browser's page {page:0} ms after the last answer"));
        }

        w.WriteLine();
        w.WriteLine($"**Next Session Target:** {s.NextTarget}");
    }

    private void WriteAnswer(GradedAnswer a, TextWriter w)
    {
        var f = a.Findings;
        var q = a.Question;
        w.WriteLine(a.Answer.FollowUpOf is { } parent
            ? Inv($"### Q{a.Answer.Index}: Follow-up to Q{parent}")
            : Inv($"### Q{a.Answer.Index}: {Title(q)}"));
        w.WriteLine($"> *\"{q.Text}\"*");
        w.WriteLine();
        w.WriteLine($"**Grade: {a.Grade}**{GradeNote(a)}");
        w.WriteLine();
        w.WriteLine("| Time | Target | Pace | Fillers | STAR-Lite seconds (S / T / A / R / C) |");
        w.WriteLine("|---|---|---|---|---|");
        var time = TimeFormat.Duration(f.DurationSeconds)
            + (f.NoAnswer ? (f.TimingEstimated && a.Answer.AudioPath is null ? " (typed, empty)" : f.SpokenSeconds > 0 ? " (no words recognised)" : " (no speech heard)")
                : f.TimingEstimated ? " (typed)" : Inv($" (spoken {TimeFormat.Duration(f.SpokenSeconds)})"));
        var target = TimeFormat.Range(f.TargetSeconds) + " " + f.LengthVerdict switch
        {
            LengthVerdict.OnTarget => "✅",
            LengthVerdict.NoAnswer => "🔇 no answer",
            _ when f.LengthVerdict.IsOver() => "⏱️ over",
            _ => "⏱️ under",
        };
        var pace = f.TimingEstimated || f.NoAnswer ? "n/a" : Inv($"{f.WordsPerMinute:0} wpm");
        var fillers = f.NoAnswer ? "–" : Inv($"{f.FillerCount} ({f.FillersPerMinute:0.#}/min)");
        var star = string.Join(" / ", Enum.GetValues<StarPart>().Select(p => f.Star[p].Present ? Inv($"{f.Star[p].Seconds:0}{(f.Star[p].OverBudget ? "!" : string.Empty)}") : "–"));
        w.WriteLine($"| {time} | {target} | {pace} | {fillers} | {star} |");
        w.WriteLine();
        w.WriteLine($"![Q{a.Answer.Index} timeline]({TimelineFileName(a)})");
        w.WriteLine();
        if (a.Feedback.CriticalMiss is { } miss)
        {
            w.WriteLine($"❌ **Critical Miss:** {Md(miss)}");
            w.WriteLine();
            if (a.Feedback.AskedFor.Count > 0)
            {
                w.WriteLine("**What the Question Asked For:**");
                foreach (var point in a.Feedback.AskedFor)
                {
                    w.WriteLine($"- {Md(point)}");
                }

                w.WriteLine();
            }
        }

        if (a.Feedback.Worked.Count > 0)
        {
            w.WriteLine("✅ **What Worked:**");
            foreach (var item in a.Feedback.Worked)
            {
                w.WriteLine($"- {Md(item)}");
            }

            w.WriteLine();
        }

        w.WriteLine("❌ **What Needs Work:**");
        foreach (var item in a.Feedback.NeedsWork.DefaultIfEmpty("Nothing major: polish delivery and keep it this tight"))
        {
            w.WriteLine($"- {Md(item)}");
        }

        w.WriteLine();
        w.WriteLine($"💡 **Coaching Tip:** {Md(a.Feedback.Tip)}");
        w.WriteLine();
        w.WriteLine("**Improved Answer Template:**");
        w.WriteLine(Md(a.Feedback.Template));
        w.WriteLine();
        if (a.Llm is { Status: LlmReview.Ok } llm)
        {
            var held = llm.Bounded ? Inv($" (held at {a.Grade}: the LLM may move the rubric's {a.RubricGrade} by at most {Math.Abs(llm.Steps)} step{(Math.Abs(llm.Steps) == 1 ? string.Empty : "s")})") : string.Empty;
            w.WriteLine($"🤖 **LLM reviewer** ({Md(llm.Model ?? string.Empty)}): proposed {Md(llm.ProposedGrade ?? string.Empty)}{held}. {Md(llm.Reason)}");
            w.WriteLine();
            if (a.RubricFeedback is { } rubric)
            {
                w.WriteLine("<details><summary>The rubric's own feedback</summary>");
                w.WriteLine();
                foreach (var item in rubric.Worked)
                {
                    w.WriteLine($"- ✅ {Md(item)}");
                }

                foreach (var item in rubric.NeedsWork)
                {
                    w.WriteLine($"- ❌ {Md(item)}");
                }

                w.WriteLine($"- 💡 {Md(rubric.Tip)}");
                w.WriteLine();
                w.WriteLine("</details>");
                w.WriteLine();
            }
        }
        else if (a.Llm is { Status: LlmReview.Fallback } down)
        {
            w.WriteLine($"🤖 **LLM reviewer:** unavailable ({Md(down.Reason)}); the rubric's grade and feedback are shown.");
            w.WriteLine();
        }

        var transcript = a.Answer.Transcript.Text;
        w.WriteLine("<details><summary>Transcript</summary>");
        w.WriteLine();
        w.WriteLine(transcript.Length == 0 ? "*(nothing was heard)*" : $"> {Md(transcript)}");
        w.WriteLine();
        w.WriteLine($"*{a.Answer.Transcript.Engine}*");
        w.WriteLine();
        w.WriteLine("</details>");
    }

    private void WriteFluency(GradedSession session, TextWriter w)
    {
        var s = session.Summary;
        w.WriteLine($"## {session.CompanyName} Culture Fluency Assessment");
        w.WriteLine();
        w.WriteLine(Inv($"### Current Level: **{s.FluencyLabel}** ({s.FluencyLevel}/5)"));
        foreach (var note in s.FluencyNotes)
        {
            w.WriteLine($"- {note}");
        }

        if (_company.Soundbites.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"### Quick Reference - {session.CompanyName} Value Soundbites:");
            foreach (var (relates, text) in _company.Soundbites)
            {
                var name = _company.FindValue(relates)?.Name ?? relates;
                w.WriteLine($"- **{name}**: \"{text}\"");
            }
        }
    }

    private static string GradeNote(GradedAnswer a)
    {
        if (a.Llm is { Status: LlmReview.Ok } llm && a.Grade != a.RubricGrade)
        {
            var steps = Math.Abs(llm.Steps);
            return Inv($" (rubric {a.RubricGrade}, moved {(llm.Steps > 0 ? "up" : "down")} {steps} step{(steps == 1 ? string.Empty : "s")} by the LLM reviewer)");
        }

        if (a.Findings.NoAnswer)
        {
            return " (no answer)";
        }

        // A grade the calibration moved says so, and from what: the findings below are the rubric's.
        var parts = new List<string>();
        if (a.CappedBy is { } cap)
        {
            parts.Add($"capped: {cap.Replace('_', ' ')}");
        }

        if (a.UncalibratedGrade is { } plain && plain != a.RubricGrade)
        {
            parts.Add($"the rubric alone gave {plain}; calibrated on the coach's labels");
        }

        return parts.Count == 0 ? string.Empty : $" ({string.Join("; ", parts)})";
    }

    private string Title(Question q)
    {
        var topic = q.Values.Select(_company.FindValue).OfType<CompanyValue>().FirstOrDefault()?.Name
            ?? (q.Tags.Count > 0 ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(q.Tags[0].Replace('-', ' ')) : null);
        var kind = q.Kind switch
        {
            QuestionKinds.Story => "Behavioral Story",
            QuestionKinds.Motivation => "Motivation",
            QuestionKinds.Concept => "Concept",
            QuestionKinds.Logistics => "Logistics & Commitment",
            QuestionKinds.Design => "Design",
            _ => "Question",
        };
        return topic is null ? kind : $"{topic} - {kind}";
    }

    private static string Focus(GradedSession session)
    {
        var kinds = session.Answers.Select(a => a.Question.Kind).Distinct().ToList();
        var parts = new List<string>();
        if (kinds.Contains(QuestionKinds.Story) || kinds.Contains(QuestionKinds.Concept))
        {
            parts.Add($"{session.CompanyName} Culture Alignment");
        }

        if (kinds.Contains(QuestionKinds.Motivation))
        {
            parts.Add("Role Motivation");
        }

        if (kinds.Contains(QuestionKinds.Design))
        {
            parts.Add("Technical Depth");
        }

        if (kinds.Contains(QuestionKinds.Logistics))
        {
            parts.Add("Logistics");
        }

        return parts.Count == 0 ? "Interview Readiness" : string.Join(" & ", parts);
    }

    private static string EngineNote(string engine) =>
        engine.Contains("pocketsphinx", StringComparison.OrdinalIgnoreCase)
            ? $"{engine} (an embedded recogniser that mishears some words: install a Whisper model for better transcripts)"
            : engine;

    private static void Rule(TextWriter w)
    {
        w.WriteLine();
        w.WriteLine("---");
        w.WriteLine();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Text from an answer (transcript, feedback quoting it, LLM output) made inert in markdown: a
    /// backslash before '&lt;' keeps "&lt;script&gt;" as text on GitHub and in report.html.
    /// </summary>
    private static string Md(string text) => text.Replace("<", "\\<", StringComparison.Ordinal);
}
