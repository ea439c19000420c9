using System.Globalization;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Reports;

/// <summary>
/// Writes progress.md: every session in a table (date, round, questions, average grade, culture
/// integration, fluency, average answer length), the trend chart (an SVG beside the file), the trend
/// in words and whether the last session met the previous session's target and its own.
/// Culture-invariant; reads well on GitHub.
/// </summary>
public static class ProgressMarkdownWriter
{
    /// <summary>The chart's file name, written next to progress.md.</summary>
    public const string ChartFileName = "progress.svg";

    public static void Write(ProgressReport report, TextWriter w)
    {
        var sessions = report.Sessions;
        w.WriteLine("# Practice Progress");
        w.WriteLine();
        if (sessions.Count == 0)
        {
            w.WriteLine("No graded sessions yet: run `voicecoach practice` or `voicecoach grade`.");
            WriteSkipped(report, w);
            return;
        }

        var first = sessions[0];
        var last = sessions[^1];
        w.WriteLine(sessions.Count == 1
            ? $"1 session, {DateText(first)}."
            : Inv($"{sessions.Count} sessions, {DateText(first)} to {DateText(last)}."));
        w.WriteLine();
        w.WriteLine($"![Average grade and culture integration per session]({ChartFileName})");
        w.WriteLine();
        w.WriteLine("| # | Date | Session | Questions | Average grade | Culture integration | Fluency | Average answer |");
        w.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            w.WriteLine(Inv($"| {i + 1} | {DateText(s)} | {Cell(SessionName(s))} | {Questions(s)} | {Cell(s.AverageGrade)} ({report.GradePoints[i]:0.0#}) | {s.CultureIntegrationPct}% | {Cell(Fluency(s))} | {Seconds(s.AverageSeconds)} |"));
        }

        w.WriteLine();
        w.WriteLine("## Trend");
        w.WriteLine();
        if (sessions.Count == 1)
        {
            w.WriteLine("- One session so far: the trend starts with the next one.");
        }
        else
        {
            var p0 = report.GradePoints[0];
            var p1 = report.GradePoints[^1];
            w.WriteLine(Inv($"- Average grade: {first.AverageGrade} → {last.AverageGrade} ({Signed(p1 - p0, "0.0#")} grade points over {sessions.Count} sessions; last change {Signed(p1 - report.GradePoints[^2], "0.0#")})"));
            var best = Enumerable.Range(0, sessions.Count).OrderByDescending(i => report.GradePoints[i]).ThenByDescending(i => i).First();
            w.WriteLine($"- Best session: {sessions[best].AverageGrade} on {DateText(sessions[best])}");
            w.WriteLine(Inv($"- Culture integration: {first.CultureIntegrationPct}% → {last.CultureIntegrationPct}% ({Signed(last.CultureIntegrationPct - first.CultureIntegrationPct, "0")} points)"));
            if (first.AverageSeconds is { } a0 && last.AverageSeconds is { } a1)
            {
                w.WriteLine($"- Average answer length: {TimeFormat.Duration(a0)} → {TimeFormat.Duration(a1)}");
            }
        }

        if (last.NoAnswers.Count > 0)
        {
            w.WriteLine($"- No answer in the last session: {string.Join(", ", last.NoAnswers.Select(i => Inv($"Q{i}")))} (nothing was heard)");
        }

        w.WriteLine();
        w.WriteLine("## Targets");
        w.WriteLine();
        if (report.LastAgainstPrevious is { } prev && report.Previous is { } setter)
        {
            w.WriteLine($"- **Last session against the previous session's target** ({Quote(prev.TargetText)}, set on {DateText(setter)}): **{prev.Verdict}**{Details(prev)}");
        }
        else
        {
            w.WriteLine("- **Last session against the previous session's target:** no earlier session to compare with");
        }

        if (report.LastAgainstOwn is { } own)
        {
            var verdict = own.Met switch { true => "already met", false => "not yet met", null => "not checkable" };
            w.WriteLine($"- **Last session against its own target** ({Quote(own.TargetText)}): **{verdict}**{Details(own)}");
            w.WriteLine();
            w.WriteLine($"**Next Session Target:** {own.TargetText ?? "none recorded"}");
        }

        WriteSkipped(report, w);
    }

    /// <summary>"2026-11-22 19:30", or the folder name when the date is unknown.</summary>
    public static string DateText(SessionOverview s) =>
        s.Date is { } d ? d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "(no date)";

    /// <summary>"Recruiter" from the round, else the session type without "Interview Practice".</summary>
    public static string SessionName(SessionOverview s)
    {
        if (s.Round.Length > 0)
        {
            return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.Round.Replace('-', ' '));
        }

        var name = s.SessionType.Replace(" Interview Practice", string.Empty, StringComparison.Ordinal).Trim();
        return name.Length == 0 ? s.SessionType : name;
    }

    /// <summary>"Conversant (3/5)".</summary>
    public static string Fluency(SessionOverview s) =>
        s.FluencyLevel is { } l ? Inv($"{s.FluencyLabel} ({l}/5)").Trim() : s.FluencyLabel.Length > 0 ? s.FluencyLabel : "–";

    /// <summary>"5/6", or "3/6 (3 no answer)" when questions got no answer.</summary>
    public static string Questions(SessionOverview s) =>
        s.NoAnswers.Count == 0
            ? Inv($"{s.QuestionsCompleted}/{s.QuestionsAsked}")
            : Inv($"{s.QuestionsCompleted}/{s.QuestionsAsked} ({s.NoAnswers.Count} no answer)");

    /// <summary>"43 s", or "–" when unknown.</summary>
    public static string Seconds(double? seconds) => seconds is { } s ? TimeFormat.Duration(s) : "–";

    private static void WriteSkipped(ProgressReport report, TextWriter w)
    {
        if (report.Skipped.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine("## Skipped");
        w.WriteLine();
        foreach (var s in report.Skipped)
        {
            w.WriteLine($"- {Cell(s.Path)}: {Cell(s.Reason)}");
        }
    }

    private static string Details(TargetOutcome o) =>
        o.Check is { Parts.Count: > 0 } c ? " — " + c.Details
        : o.TargetText is null ? " — the session recorded no target"
        : " — the target has no grade or culture threshold to check";

    private static string Quote(string? text) => text is null ? "no target recorded" : $"\"{Cell(text)}\"";

    private static string Signed(double v, string format) =>
        (v > 0 ? "+" : v < 0 ? "−" : "±") + Math.Abs(v).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Text safe inside a table cell: no pipes, no raw HTML.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "\\<", StringComparison.Ordinal);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
