using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Grading.Reports;

/// <summary>A session folder the progress view could not use, and why (one line).</summary>
public sealed record SkippedSession(string Path, string Reason);

/// <summary>How one session did against a target.</summary>
/// <param name="Session">The session that was checked.</param>
/// <param name="TargetText">The target as the report stated it, or null when there was none.</param>
/// <param name="Check">The check, or null when the target could not be read into thresholds.</param>
public sealed record TargetOutcome(SessionOverview Session, string? TargetText, TargetCheck? Check)
{
    /// <summary>"met", "not met" or "not checkable".</summary>
    public string Verdict => Check?.Verdict ?? "not checkable";

    /// <summary>True/false when checked, null when not checkable.</summary>
    public bool? Met => Check?.Met;
}

/// <summary>Everything the progress view shows: the sessions in order, the trend and the target checks.</summary>
public sealed record ProgressReport
{
    /// <summary>Sessions oldest first (by date, then id).</summary>
    public required IReadOnlyList<SessionOverview> Sessions { get; init; }

    /// <summary>Average grade points per session (same order), from the file or from the letter.</summary>
    public required IReadOnlyList<double> GradePoints { get; init; }

    /// <summary>The rubric's grade scale, best first (for axes and checks).</summary>
    public required IReadOnlyList<GradeBand> Grades { get; init; }

    /// <summary>The last session against the target the session before it set; null with one session.</summary>
    public TargetOutcome? LastAgainstPrevious { get; init; }

    /// <summary>The last session against the target it set itself (has it already reached it?).</summary>
    public TargetOutcome? LastAgainstOwn { get; init; }

    /// <summary>Folders that were skipped, with the reason.</summary>
    public IReadOnlyList<SkippedSession> Skipped { get; init; } = [];

    public SessionOverview? Last => Sessions.Count == 0 ? null : Sessions[^1];

    public SessionOverview? Previous => Sessions.Count < 2 ? null : Sessions[^2];
}

/// <summary>
/// Orders saved sessions and checks targets: whether the last session met the target the previous
/// session set, and whether it already meets its own. Pure; thread-safe.
/// </summary>
public static class ProgressAnalyzer
{
    /// <param name="sessions">The sessions read, in any order.</param>
    /// <param name="grades">The rubric's grade scale, best first.</param>
    /// <param name="skipped">Folders that could not be read, to list in the report.</param>
    public static ProgressReport Analyze(IEnumerable<SessionOverview> sessions, IReadOnlyList<GradeBand> grades, IReadOnlyList<SkippedSession>? skipped = null)
    {
        var ordered = sessions
            .OrderBy(s => s.Date ?? DateTimeOffset.MaxValue)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ThenBy(s => s.Folder, StringComparer.Ordinal)
            .ToList();
        var points = ordered.Select(s => Points(s, grades)).ToList();
        TargetOutcome? previous = null;
        TargetOutcome? own = null;
        if (ordered.Count > 0)
        {
            var last = ordered[^1];
            own = Against(last, last, grades);
            if (ordered.Count > 1)
            {
                previous = Against(ordered[^2], last, grades);
            }
        }

        return new ProgressReport
        {
            Sessions = ordered,
            GradePoints = points,
            Grades = grades,
            LastAgainstPrevious = previous,
            LastAgainstOwn = own,
            Skipped = skipped ?? [],
        };
    }

    /// <summary>Checks <paramref name="checkedSession"/> against the target <paramref name="setter"/> set.</summary>
    public static TargetOutcome Against(SessionOverview setter, SessionOverview checkedSession, IReadOnlyList<GradeBand> grades)
    {
        var target = setter.CheckableTarget;
        var text = setter.NextTargetText ?? target?.Text;
        if (target is null || !target.IsCheckable)
        {
            return new TargetOutcome(checkedSession, text, null);
        }

        return new TargetOutcome(checkedSession, text, target.Check(checkedSession.AverageGrade, checkedSession.AveragePoints, checkedSession.CultureIntegrationPct, grades));
    }

    /// <summary>A session's average grade points: stored, else the letter's points, else 0.</summary>
    public static double Points(SessionOverview s, IReadOnlyList<GradeBand> grades) =>
        s.AveragePoints ?? grades.FirstOrDefault(g => string.Equals(g.Letter, s.AverageGrade, StringComparison.OrdinalIgnoreCase))?.Points ?? 0;
}
